// What the local runtime's emulations (index lag, transaction conflicts) and the tests' fault
// injection need of an AWS SDK v3 client: adding and removing one middleware.
export interface MiddlewareHost {
  middlewareStack: {
    add(
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any client's middleware, whatever its command types
      middleware: (next: any, context: any) => (args: any) => Promise<any>,
      options: { step: 'initialize'; name: string },
    ): void;
    remove(name: string): boolean;
  };
}
