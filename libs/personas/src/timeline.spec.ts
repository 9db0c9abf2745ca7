import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PromptFileError } from './prompt-file';
import { copyOfPrompts } from './testing';
import { Timeline } from './timeline';

describe('Timeline', () => {
  const timeline = Timeline.load();

  it('holds at least 700 dated events from 1870 to 2000, each with aliases', () => {
    const inRange = timeline.events.filter((e) => e.date >= '1870-01-01' && e.date <= '2000-12-31');
    expect(inRange.length).toBeGreaterThanOrEqual(700);
    for (const e of timeline.events) expect(e.aliases.length).toBeGreaterThan(0);
  });

  it('covers the world after each persona’s death and the years a teacher may choose before it', () => {
    const knowableAfter = (day: string) => timeline.events.filter((e) => timeline.knowableFrom(e) > day);
    expect(knowableAfter('1924-01-21').length).toBeGreaterThanOrEqual(250);
    expect(knowableAfter('1940-08-21').length).toBeGreaterThanOrEqual(180);
    expect(knowableAfter('1953-03-05').length).toBeGreaterThanOrEqual(100);
    const beforeLenin = timeline.events.filter((e) => e.date >= '1870-01-01' && e.date <= '1924-01-21');
    expect(beforeLenin.length).toBeGreaterThanOrEqual(100);
  });

  it('gives every alias to one event only, so a phrase always names the same thing', () => {
    const owner = new Map<string, string>();
    const shared: string[] = [];
    for (const e of timeline.events) {
      for (const a of e.aliases) {
        const first = owner.get(a);
        if (first !== undefined && first !== e.id) shared.push(`"${a}": ${first} and ${e.id}`);
        owner.set(a, e.id);
      }
    }
    expect(shared).toEqual([]);
  });

  it.each([
    ['What do you think of television?', 'television', '1926-01-26'],
    ['Would you have joined the United Nations?', 'united-nations', '1945-10-24'],
    ['Is penicillin a triumph of science?', 'penicillin', '1928-09-28'],
    ['Was the Warsaw Pact an alliance of equals?', 'warsaw-pact', '1955-05-14'],
    ['What about the KGB?', 'kgb', '1954-03-13'],
    ['Is the internet good for workers?', 'internet', '1969-10-29'],
    ['Should we fear the hydrogen bomb?', 'hydrogen-bomb', '1952-11-01'],
    ['Was perestroika a mistake?', 'perestroika', '1986-02-25'],
    ['What about the Third World countries?', 'third-world', '1952-08-14'],
    ['What did the Genocide Convention achieve?', 'genocide-convention', '1948-12-09'],
  ])('finds an undated later development in "%s" as %s', (question, id, date) => {
    const found = timeline.mentionsIn(question).find((m) => m.event.id === id);
    expect(found?.event.date).toBe(date);
  });

  it('does not take a later term for an older subject that shares its words', () => {
    expect(timeline.mentionsIn('Would a third world war follow?').map((m) => m.event.id)).toEqual([]);
    expect(timeline.mentionsIn('Was it a genocide?')).toEqual([]);
    expect(timeline.mentionsIn('the final solution of the national question')).toEqual([]);
    expect(timeline.mentionsIn('the Franco-Prussian war').map((m) => m.event.id)).toEqual([
      'franco-prussian-war',
    ]);
    expect(timeline.mentionsIn('the Communist Party of the Soviet Union').map((m) => m.event.id)).toEqual([
      'ussr-founded',
    ]);
  });

  it.each([
    ['the Organisation of the Petroleum Exporting Countries', 'opec'],
    ['the European Recovery Programme', 'marshall-plan'],
    ['the German defeat at El Alamein', 'el-alamein'],
    ['the fighting at Verdun', 'verdun'],
    ['the Red Army captured Berlin', 'reichstag-flag'],
  ])('matches "%s" to %s through stems and other prepositions', (text, id) => {
    expect(timeline.mentionsIn(text).map((m) => m.event.id)).toContain(id);
  });

  it('names later developments in the ways people describe them, not only by their titles', () => {
    // The latest thing a question names, and when it became knowable. Questions of our own, in no eval set.
    const latest = (q: string) =>
      timeline
        .mentionsIn(q, { everyday: true })
        .map((m) => `${m.event.id}@${m.knowable}`)
        .sort((x, y) => x.slice(x.indexOf('@')).localeCompare(y.slice(y.indexOf('@'))))
        .pop();
    expect(latest('Did you watch the landing on the Moon?')).toBe('moon-landing@1969-07-20');
    expect(latest('Was Buzz Aldrin braver than Gagarin?')).toBe('moon-landing@1969-07-20');
    expect(latest('What happened when Hitler attacked the Soviet Union?')).toBe('barbarossa@1941-06-22');
    expect(latest('Was the Nazi assault on the USSR a surprise?')).toBe('barbarossa@1941-06-22');
    expect(latest('How did the struggle for power after Stalin end?')).toBe('after-stalin@1953-03-06');
    expect(latest('What became of Lenin’s successors?')).toBe('after-lenin@1924-01-22');
    expect(latest('Would you ride a bullet train?')).toBe('bullet-train@1964-10-01');
    expect(latest('What do you think of Pakistan?')).toBe('pakistan@1933-01-28');
    expect(latest('Was the Rape of Nanjing planned?')).toBe('nanking-massacre@1937-12-13');
  });

  it('asks about a person in office with the general words for governing: reforms, purges, terror', () => {
    const knowable = (q: string, id: string) =>
      timeline.mentionsIn(q).find((m) => m.event.id === id)?.knowable;
    expect(knowable('Salazar', 'salazar')).toBe('1928-04-27');
    expect(knowable('the purges of Salazar', 'salazar')).toBe('1932-07-05');
    expect(knowable('Nehru', 'nehru')).toBe('1927-02-10');
    expect(knowable('Nehru’s reforms', 'nehru')).toBe('1947-08-15');
    expect(knowable('Hitler’s terror', 'hitler')).toBe('1933-01-30');
    expect(knowable('the repressions under your rule and Hitler', 'hitler')).toBe('1923-11-08');
  });

  it('finds no later event in the everyday words of the personas: plan, party, revolution, war, Soviet', () => {
    const later = (q: string, asOf: string) =>
      timeline
        .mentionsIn(q, { everyday: true })
        .filter((m) => m.knowable > asOf)
        .map((m) => `${m.alias} (${m.event.id})`);
    expect(
      later('The party must plan the revolution and win the war for Soviet power.', '1918-01-01'),
    ).toEqual([]);
    expect(
      later('Why did the Soviet government adopt a state plan for electrification?', '1921-01-01'),
    ).toEqual([]);
    expect(
      later('Was the civil war a class war of the poor peasants against the kulaks?', '1921-01-01'),
    ).toEqual([]);
    expect(
      later('What is the dictatorship of the proletariat, and why is terror needed?', '1918-09-05'),
    ).toEqual([]);
    expect(
      later('Should the workers of the world unite against imperialist war and famine?', '1916-01-01'),
    ).toEqual([]);
    expect(
      later('How should a socialist state be built in a backward peasant country?', '1923-01-01'),
    ).toEqual([]);
  });

  it('keeps side by side the words an alias has side by side', () => {
    expect(timeline.mentionsIn('the countries west of Germany').map((m) => m.event.id)).toEqual([]);
    expect(timeline.mentionsIn('West Germany').map((m) => m.event.id)).toEqual(['west-germany']);
  });

  it('dates a person named with a role word from the office, and otherwise from when they became known', () => {
    const knowable = (q: string, id: string) =>
      timeline.mentionsIn(q).find((m) => m.event.id === id)?.knowable;
    expect(knowable('Brezhnev', 'brezhnev')).toBe('1952-10-16');
    expect(knowable('Brezhnev’s government', 'brezhnev')).toBe('1964-10-14');
    expect(knowable('the Soviet Union under Khrushchev', 'khrushchev')).toBe('1953-09-07');
    expect(knowable('Khrushchev under your leadership', 'khrushchev')).toBe('1934-02-10');
    expect(knowable('the leadership of the party in the thirties, when Khrushchev rose', 'khrushchev')).toBe(
      '1934-02-10',
    );
  });

  it('gives a person known before an office only the names, and the later developments their own dates', () => {
    const knowable = (q: string) =>
      timeline.mentionsIn(q).map((m) => [m.event.id, timeline.knowableFrom(m.event)]);
    expect(knowable('Khrushchev')).toEqual([['khrushchev', '1934-02-10']]);
    expect(knowable('the Khrushchev thaw')).toContainEqual(['de-stalinisation', '1956-02-25']);
    expect(knowable('the Brezhnev doctrine')).toContainEqual(['brezhnev-era', '1964-10-14']);
    expect(knowable('the March on Rome')).toEqual([['march-on-rome', '1922-10-28']]);
    expect(knowable('Mussolini')).toEqual([['mussolini', '1919-03-23']]);
  });

  it.each([
    ['the Second World War', 'ww2', '1939-09-01'],
    ['WWII', 'ww2', '1939-09-01'],
    ['World War I', 'ww1', '1914-07-28'],
    ['the Great Patriotic War', 'barbarossa', '1941-06-22'],
    ['the Treaty of Brest-Litovsk', 'brest-litovsk', '1918-03-03'],
    ['the Molotov–Ribbentrop pact', 'molotov-ribbentrop', '1939-08-23'],
    ["Mao's victory", 'chinese-revolution', '1949-10-01'],
    ['the atomic bomb', 'atomic-bombings', '1945-08-06'],
    ['the 1930s purges', 'great-purge', '1936-08-19'],
    ["Khrushchev's Secret Speech", 'secret-speech', '1956-02-25'],
    ['the fall of the Berlin Wall', 'fall-of-berlin-wall', '1989-11-09'],
    ['the dissolution of the USSR', 'ussr-dissolution', '1991-12-26'],
    ['the U.S.S.R.', 'ussr-founded', '1922-12-30'],
    ['the Kronstadt sailors', 'kronstadt', '1921-03-01'],
  ])('finds %s as %s', (phrase, id, date) => {
    const found = timeline.mentionsIn(`What about ${phrase}?`).find((m) => m.event.id === id);
    expect(found?.event.date).toBe(date);
  });

  it('covers the events the issue lists', () => {
    const ids = [
      'ww1',
      'ww2',
      'revolution-1905',
      'february-revolution',
      'october-revolution',
      'brest-litovsk',
      'civil-war',
      'nep',
      'kronstadt',
      'lenin-death',
      'trotsky-death',
      'stalin-death',
      'trotsky-expelled-party',
      'trotsky-deported',
      'lenin-testament',
      'testament-thirteenth-congress',
      'first-five-year-plan',
      'collectivisation',
      'holodomor',
      'great-purge',
      'molotov-ribbentrop',
      'barbarossa',
      'stalingrad',
      'yalta',
      'atomic-bombings',
      'united-nations',
      'cold-war',
      'berlin-blockade',
      'nato',
      'chinese-revolution',
      'korean-war',
      'secret-speech',
      'hungarian-uprising',
      'sputnik',
      'cuban-revolution',
      'berlin-wall-built',
      'fall-of-berlin-wall',
      'cuban-missile-crisis',
      'gagarin',
      'prague-spring',
      'moon-landing',
      'afghanistan-war',
      'perestroika',
      'chernobyl',
      'ussr-dissolution',
      'khrushchev',
    ];
    for (const id of ids) expect(timeline.find(id)?.id).toBe(id);
  });

  it('matches whole words only, in any case, with possessives and plurals', () => {
    expect(timeline.mentionsIn('Was NATO a mistake?').map((m) => m.event.id)).toEqual(['nato']);
    expect(timeline.mentionsIn('The senator spoke of a donation.')).toEqual([]);
    expect(timeline.mentionsIn("Stalin's Five-Year Plans").map((m) => m.event.id)).toEqual([
      'first-five-year-plan',
    ]);
    expect(timeline.mentionsIn('KHRUSHCHEV’S thaw').map((m) => m.event.id)).toContain('khrushchev');
    expect(timeline.mentionsIn('unkronstadtish')).toEqual([]);
  });

  it('knows people from before the office asked about through knownFrom', () => {
    const k = timeline.find('khrushchev');
    expect(k && timeline.knowableFrom(k)).toBe('1934-02-10');
    const ww2 = timeline.find('ww2');
    expect(ww2 && timeline.knowableFrom(ww2)).toBe('1939-09-01');
  });

  it('rejects a bad timeline file, naming the file and the field', () => {
    const prompts = copyOfPrompts();
    try {
      writeFileSync(
        join(prompts.dir, 'timeline.yaml'),
        'events:\n  - id: x\n    name: X\n    date: 1950-13-01\n    aliases: [Upper Case]\n',
      );
      expect(() => Timeline.load(prompts.dir)).toThrow(PromptFileError);
      expect(() => Timeline.load(prompts.dir)).toThrow(
        /timeline\.yaml: events\.0\.date: .*events\.0\.aliases\.0: must be lowercase/,
      );
    } finally {
      prompts.cleanup();
    }
  });
});
