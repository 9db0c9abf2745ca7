// The vocabulary shared by the extractive answerer and the verifier: what counts as a word, and which
// words carry no subject. Each keeps its own stemmer (the verifier must not depend on the answerer it checks).

/**
 * Function words, plus the words people use to frame a question ("what do you think about"),
 * which say nothing about its subject.
 */
export const FUNCTION_WORDS: ReadonlySet<string> = new Set(
  `a about above after again against all almost also although am among an and another any anyone anything are
  around as at be became because become been before being below between both but by can cannot could did do does
  doing done down during each either else enough even ever every for from further get gets got had has have having
  he her here hers herself him himself his how however i if in into is it its itself just least less let like made
  make many may me might more most much must my myself neither never no nor not now of off often on once one only
  or other others otherwise our ours ourselves out over own per perhaps quite rather really same shall she should
  since so some such than that the their theirs them themselves then there therefore these they this those though
  through thus to too toward towards under until up upon us very via was we were what whatever when whenever where
  whether which while who whom whose why will with within without would yes yet you your yours yourself yourselves
  ask asked answer believe comrade comrades consider describe explain feel felt know knew mean meant opinion please
  regard regarding say said tell think thought view views want wanted wrote write written dont doesnt didnt isnt
  arent wasnt cant wont wouldnt shouldnt couldnt`.split(/\s+/),
);

/** The words of `text`, lower-cased, possessives removed, in order. */
export function words(text: string): string[] {
  const found = text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu) ?? [];
  return found.map((w) => w.replace(/['’]s$/, '').replace(/['’]/g, ''));
}
