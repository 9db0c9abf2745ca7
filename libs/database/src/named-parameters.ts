/**
 * Binds named parameters: every `$name` in `sql` (a letter or underscore, then letters, digits, underscores)
 * becomes a positional `$n`, the same name the same number, in order of first appearance. Positional `$1` and
 * casts (`::vector`) are left alone. A name without a value, or a value no name uses, is a programming error.
 */
export function bindNamed(sql: string, values: Record<string, unknown>): [string, unknown[]] {
  const order: string[] = [];
  const text = sql.replace(/\$([A-Za-z_][A-Za-z0-9_]*)/g, (_, name: string) => {
    if (!Object.hasOwn(values, name)) throw new Error(`no value for SQL parameter $${name}`);
    let index = order.indexOf(name);
    if (index < 0) index = order.push(name) - 1;
    return `$${index + 1}`;
  });
  const unused = Object.keys(values).filter((name) => !order.includes(name));
  if (unused.length > 0) throw new Error(`SQL parameters given but not used: ${unused.join(', ')}`);
  return [text, order.map((name) => values[name])];
}
