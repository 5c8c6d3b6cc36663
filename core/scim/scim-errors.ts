// SCIM's error body (RFC 7644 §3.12): the HTTP status as a string, a scimType where the RFC defines
// one, and the detail. Every refusal of the SCIM API is one of these, never a 500 for bad input.
import { ProblemError } from '../errors.ts';

export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

export class ScimError extends Error {
  constructor(
    readonly status: number,
    detail: string,
    readonly scimType?: ScimType,
  ) {
    super(detail);
  }
}

/** A refusal of the use cases (docs/api.md's codes) in SCIM's terms. */
export function scimErrorOf(error: unknown): ScimError | undefined {
  if (error instanceof ScimError) return error;
  if (!(error instanceof ProblemError)) return undefined;
  const scimType: Partial<Record<string, ScimType>> = {
    EMAIL_IN_USE: 'uniqueness',
    VALIDATION_FAILED: 'invalidValue',
  };
  return new ScimError(error.status, error.message, scimType[error.code]);
}
