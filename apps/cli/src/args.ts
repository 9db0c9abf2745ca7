/** Parsed command line: positional words and `--flag value` / `--flag` options. */
export interface Args {
  positional: string[];
  options: Map<string, string | true>;
}

export function parseArgs(argv: string[], booleanFlags: string[] = []): Args {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) options.set(a.slice(2, eq), a.slice(eq + 1));
      else if (booleanFlags.includes(a.slice(2)) || i + 1 >= argv.length || argv[i + 1].startsWith('--'))
        options.set(a.slice(2), true);
      else options.set(a.slice(2), argv[++i]);
    } else positional.push(a);
  }
  return { positional, options };
}

export function stringOption(args: Args, name: string): string | undefined {
  const v = args.options.get(name);
  return typeof v === 'string' ? v : undefined;
}

export function flag(args: Args, name: string): boolean {
  return args.options.get(name) === true || args.options.get(name) === 'true';
}
