import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Refusal } from '@parley/contracts';
import type { Persona } from '@parley/personas';

/** Picks the persona's in-character refusal line for a kind, deterministically per question. */
@Injectable()
export class RefusalLines {
  line(persona: Persona, kind: Refusal, question: string, vars: Record<string, string>): string {
    const lines = persona.refusals[kind];
    const h = createHash('sha256').update(question).digest().readUInt32BE(0);
    const template = lines[h % lines.length];
    return template.replace(/\{(\w+)\}/g, (m, name: string) => vars[name] ?? m).replace(/\s*\{\w+\}/g, '');
  }
}
