// What every SCIM write reads first: a body checked against its schema, refused as a SCIM error
// naming each problem, and the PatchOp message both Users and Groups take (RFC 7644 §3.5.2).
import * as z from 'zod';
import { ScimError, type ScimType } from './scim-errors.ts';
import { SCIM_PATCH_SCHEMA } from './scim-user.ts';

export function parseScimBody<S extends z.ZodType>(
  schema: S,
  body: unknown,
  what: string,
  scimType: ScimType = 'invalidValue',
): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    throw new ScimError(400, `The request body is not a valid ${what}: ${problems}`, scimType);
  }
  return parsed.data;
}

export const PatchOpSchema = z
  .object({
    schemas: z.array(z.string()).refine((s) => s.includes(SCIM_PATCH_SCHEMA), `must list ${SCIM_PATCH_SCHEMA}`),
    Operations: z
      .array(
        z
          .object({
            op: z.string().regex(/^(add|replace|remove)$/i),
            path: z.string().max(500).optional(),
            // RFC 7644 §3.5.2.2: a remove names its target by path and carries no value.
            value: z.unknown().optional(),
          })
          .refine((op) => /^remove$/i.test(op.op) || op.value !== undefined, 'add and replace carry a value')
          .refine((op) => !/^remove$/i.test(op.op) || op.path !== undefined, 'remove names its target by path'),
      )
      .min(1)
      .max(50),
  })
  .loose();
