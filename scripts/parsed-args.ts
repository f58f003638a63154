// What every script does with its parsed arguments first: --help prints the usage (exit 0), an
// error prints it with the reason (exit 2); anything else is the command's to run.
export function runnableOrExit<T>(command: string, usage: string, args: T | { readonly help: true } | { readonly error: string }): T {
  if (typeof args === "object" && args !== null && "help" in args) {
    console.log(usage);
    process.exit(0);
  }
  if (typeof args === "object" && args !== null && "error" in args) {
    console.error(`${command}: ${(args as { error: string }).error}\n${usage}`);
    process.exit(2);
  }
  return args as T;
}
