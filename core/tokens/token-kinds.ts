// The kinds of integration token (integration-token.ts), apart from it so that the HTTP schemas —
// which the console reads for its types — need no Node module.
export const TOKEN_KINDS = ['API', 'SCIM', 'HR', 'PLATFORM'] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];
/** Tokens that act for the account (an identity provider, an HR system, the telephony platform), not as a person. */
export type AccountTokenKind = Exclude<TokenKind, 'API'>;
