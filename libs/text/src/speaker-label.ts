// `Cannon:`, `J. P. Cannon:`, `Trotsky:` opening a line or paragraph of a transcript: up to four capitalised words.
const SPEAKER_LABEL = /^(\p{Lu}[\p{L}.’'-]*(?: \p{Lu}[\p{L}.’'-]*){0,3}):\s+/u;

/** A transcript's speaker label: the name, and how many characters the label takes with the space after it. */
export interface SpeakerLabel {
  name: string;
  length: number;
}

/** The speaker label opening `line` (`J. P. Cannon: …`), or null when it opens with none. */
export function speakerLabel(line: string): SpeakerLabel | null {
  const m = SPEAKER_LABEL.exec(line);
  return m ? { name: m[1], length: m[0].length } : null;
}
