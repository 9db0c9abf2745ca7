/** Parsed command line: positional words and `--flag value` / `--flag` options. */
export interface Args {
  positional: string[];
  /** The last value of each option. */
  options: Map<string, string | true>;
  /** Every value given to each option, in order (`--dataset a.json --dataset b.json`). */
  lists: Map<string, string[]>;
}

export function parseArgs(argv: string[], booleanFlags: string[] = []): Args {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  const lists = new Map<string, string[]>();
  const set = (name: string, value: string | true) => {
    options.set(name, value);
    if (value !== true) lists.set(name, [...(lists.get(name) ?? []), value]);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) set(a.slice(2, eq), a.slice(eq + 1));
      else if (booleanFlags.includes(a.slice(2)) || i + 1 >= argv.length || argv[i + 1].startsWith('--'))
        set(a.slice(2), true);
      else set(a.slice(2), argv[++i]);
    } else positional.push(a);
  }
  return { positional, options, lists };
}

export function stringOption(args: Args, name: string): string | undefined {
  const v = args.options.get(name);
  return typeof v === 'string' ? v : undefined;
}

/** Every value given to a repeatable option, in order. */
export function stringOptions(args: Args, name: string): string[] {
  return args.lists.get(name) ?? [];
}

export function flag(args: Args, name: string): boolean {
  return args.options.get(name) === true || args.options.get(name) === 'true';
}
