// Where `offboard sign-in` asks the hosted UI to send the browser back; the app client must allow it
// (the stack's CallbackUrls parameter; the local identity provider allows it by default).
export const DEFAULT_CALLBACK_PORT = 8976;
export const callbackUrl = (port: number) => `http://localhost:${port}/callback`;
