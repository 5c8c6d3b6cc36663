// The local runtime's sign-in tokens (docs/api.md): HS256, iss `offboard-local`, aud `offboard`.
export const LOCAL_JWT_ISSUER = 'offboard-local';
export const LOCAL_JWT_AUDIENCE = 'offboard';
export const DEFAULT_LOCAL_JWT_SECRET = 'offboard-local-development-secret-change-me';
