// The console's security headers, one definition for both places that serve it: the CloudFront
// response-headers policy (infra/constructs/admin-console.ts) and the local API server
// (local/console.ts). Scripts and styles come from the console's origin only; the browser talks to
// that origin (the API is on it) and to the identity provider (the hosted UI's token endpoint).

export interface ConsoleSecurityHeaders {
  contentSecurityPolicy: string;
  frameOptions: 'DENY';
  referrerPolicy: 'no-referrer';
  contentTypeOptions: 'nosniff';
}

/** `identityProviderOrigin`: the hosted UI's origin (https://…amazoncognito.com, or the emulator). */
export function consoleSecurityHeaders(identityProviderOrigin?: string): ConsoleSecurityHeaders {
  const idp = identityProviderOrigin ? ` ${identityProviderOrigin}` : '';
  return {
    contentSecurityPolicy: [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      `connect-src 'self'${idp}`,
      `form-action 'self'${idp}`,
      "frame-ancestors 'none'",
      "base-uri 'self'",
      "object-src 'none'",
    ].join('; '),
    frameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
    contentTypeOptions: 'nosniff',
  };
}
