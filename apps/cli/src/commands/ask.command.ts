import { ChatService } from '@parley/chat';
import { ChatRequestSchema, type Answer } from '@parley/contracts';
import { parseOrThrow } from '@parley/core';
import { flag, stringOption, type Args } from '../args';
import { cliContext, ensureReady } from '../context';

/** `npm run ask -- --persona lenin [--as-of 1917-11-01] [--historian] [--json] "question"` */
export async function askCommand(args: Args): Promise<number> {
  const message = args.positional.join(' ').trim();
  const persona = stringOption(args, 'persona');
  if (!message || !persona) {
    process.stderr.write(
      'usage: npm run ask -- --persona <id> [--as-of YYYY-MM-DD] [--historian] [--json] "question"\n',
    );
    return 2;
  }
  const request = parseOrThrow(ChatRequestSchema, {
    persona,
    message,
    asOf: stringOption(args, 'as-of'),
    mode: flag(args, 'historian') ? 'historian' : 'persona',
  });
  const app = await cliContext();
  try {
    await ensureReady(app);
    const answer = await app.get(ChatService).ask(request);
    process.stdout.write(flag(args, 'json') ? `${JSON.stringify(answer, null, 2)}\n` : render(answer));
    return 0;
  } finally {
    await app.close();
  }
}

function render(a: Answer): string {
  const lines = [
    `${a.persona.name} (as of ${a.persona.asOf})${a.refusal ? ` — refusal: ${a.refusal}` : ''}`,
    '',
    a.answer,
    '',
  ];
  if (a.context) lines.push(`Historian's note: ${a.context}`, '');
  if (a.notice) lines.push(`Notice: ${a.notice}`, '');
  for (const c of a.citations) {
    lines.push(`[${c.marker}] ${c.title} (${c.date}) — ${c.source} ${c.start}-${c.end}`);
    lines.push(`    “${c.quote.replace(/\s+/g, ' ').slice(0, 300)}${c.quote.length > 300 ? '…' : ''}”`);
  }
  if (a.readFurther?.length) {
    lines.push('Where you might read further:');
    for (const d of a.readFurther) lines.push(`  - ${d.title} (${d.date}) — ${d.source}`);
  }
  lines.push('', `generator ${a.generator}, embedder ${a.embedder}, ${a.timings.totalMs} ms`);
  return `${lines.join('\n')}\n`;
}
