import { AppError } from '@parley/core';
import { AnachronismGuard } from './anachronism.guard';
import { PersonaRegistry } from './persona.registry';
import { Timeline } from './timeline';

const guard = new AnachronismGuard(Timeline.load());
const personas = PersonaRegistry.load();
const asOf = (id: string) => personas.get(id).defaultAsOf;
const born = (id: string) => personas.get(id).born;
const check = (id: string, q: string, date = asOf(id)) =>
  guard.check(q, date, { born: born(id), name: personas.get(id).name });

describe('AnachronismGuard', () => {
  describe('refuses questions about what came after the as-of date', () => {
    it.each([
      ['lenin', 'What do you make of the fall of the Berlin Wall in 1989?'],
      ['lenin', 'What did you think of the Second World War?'],
      ['lenin', 'How would you judge WWII?'],
      ['lenin', 'What did you think of the 1930s?'],
      ['lenin', 'What was life like in the thirties?'],
      ['lenin', "Did you approve of Stalin's Five-Year Plans?"],
      ['lenin', 'What do you think of Khrushchev?'],
      ['lenin', 'Was the collectivisation of the 1930s necessary?'],
      ['lenin', 'What happened to the party after your death?'],
      ['lenin', 'Why was Petrograd renamed Leningrad?'],
      ['lenin', "What did you think of Trotsky's expulsion from the party?"],
      ['lenin', 'What did you think of Mao?'],
      ['lenin', 'What would you say about the Great Purge?'],
      ['lenin', 'What did you make of events in February 1924?'],
      ['trotsky', 'What is your view of the atomic bombing of Hiroshima in 1945?'],
      ['trotsky', 'Were you glad when Mao’s Communists took power in China?'],
      ['trotsky', 'What did you think of the Battle of Stalingrad?'],
      ['trotsky', 'How did Operation Barbarossa change things?'],
      ['trotsky', 'What did you think of the Great Patriotic War?'],
      ['trotsky', 'What is your opinion of the United Nations?'],
      ['trotsky', 'Did you expect Pearl Harbor?'],
      ['trotsky', 'What would you say about the late 1940s?'],
      ['trotsky', 'What do you think of the fifties?'],
      ['trotsky', 'What do you make of events in 1989?'],
      ['stalin', 'What is your opinion of the Cuban Missile Crisis of 1962?'],
      ['stalin', 'What did you make of the Hungarian uprising of 1956?'],
      ['stalin', "What did you think of Khrushchev's Secret Speech?"],
      ['stalin', 'How did you feel about Sputnik?'],
      ['stalin', 'What do you think about the moon landing?'],
      ['stalin', 'What about Gagarin?'],
      ['stalin', 'Why did the Soviet Union collapse?'],
      ['stalin', 'What did you think of the Berlin Wall?'],
      ['stalin', 'What do you make of the events of 1989?'],
      ['stalin', 'What happened in the sixties?'],
      ['stalin', 'What did you think of Fidel Castro?'],
      ['stalin', 'What did you think of Putin?'],
      ['stalin', 'How did you react to the events of June 1953?'],
    ])('%s: %s', (id, q) => {
      expect(check(id, q)).not.toBeNull();
    });
  });

  describe('answers questions about what the persona could know', () => {
    it.each([
      ['lenin', 'What did you write to the party congress about Stalin’s rudeness?'],
      ['lenin', 'What would you have done if the Kronstadt sailors had won?'],
      ['lenin', 'Why did you introduce the NEP in 1921?'],
      ['lenin', 'How did the 1920s begin for Soviet Russia?'],
      ['lenin', 'What did you think of the First World War?'],
      ['lenin', 'What did you learn from the Paris Commune?'],
      ['lenin', 'How should we treat the 2000 workers of the Putilov factory?'],
      ['lenin', 'What did you write on page 1936 of your collected works?'],
      ['lenin', 'Why did you sign the Treaty of Brest-Litovsk?'],
      ['lenin', 'What is the role of the state?'],
      ['lenin', 'Who should succeed you as leader of the party?'],
      ['lenin', 'How did your views change in the nineties?'],
      ['lenin', 'When you were in your thirties, where did you live?'],
      ['lenin', 'What if Kolchak had taken Moscow?'],
      ['lenin', 'Was Hitler known to you?'],
      ['lenin', 'What do you think of the Soviet Union you founded?'],
      ['lenin', 'What is 1950 + 30?'],
      ['trotsky', 'What did you think of the Second World War?'],
      ['trotsky', 'What was your view of the Moscow Trials of 1936?'],
      ['trotsky', 'What would have happened if you had won against Stalin in 1927?'],
      ['trotsky', 'Why did you write Terrorism and Communism?'],
      ['trotsky', 'What did you think of Stalingrad as a city name?'],
      ['trotsky', 'What did you think of Khrushchev?'],
      ['trotsky', 'How many of the 1500 delegates supported you?'],
      ['stalin', 'What did you think of the Second World War?'],
      ['stalin', 'How did you answer the opposition when they read out Lenin’s testament in 1927?'],
      ['stalin', 'Why did you sign the Molotov–Ribbentrop pact?'],
      ['stalin', 'What did you make of Hiroshima?'],
      ['stalin', 'What was the Korean War for?'],
      ['stalin', 'What did you think of Khrushchev?'],
      ['stalin', 'What happened in 1953?'],
      ['stalin', 'How did the Cold War begin?'],
      ['stalin', 'Tell me about the fifties.'],
    ])('%s: %s', (id, q) => {
      expect(check(id, q)).toBeNull();
    });
  });

  // Later developments named without a date, as a student would put them: refused by the persona who died before
  // them and accepted from the one alive at the time (null when none of the three lived to see it).
  describe('refuses undated later developments, and accepts them from a persona who lived to see them', () => {
    it.each([
      ['What do you think of television?', 'lenin', 'trotsky'],
      ['Would you have supported the United Nations?', 'trotsky', 'stalin'],
      ['Could penicillin have saved the wounded?', 'lenin', 'trotsky'],
      ['How should a workers’ state answer the Great Depression?', 'lenin', 'trotsky'],
      ['Would talking pictures make good propaganda?', 'lenin', 'trotsky'],
      ['What did you make of the Popular Front?', 'lenin', 'trotsky'],
      ['Was the New Deal a step towards socialism?', 'lenin', 'trotsky'],
      ['What do you think of Franklin Roosevelt?', 'lenin', 'trotsky'],
      ['Did the Long March show the way for China?', 'lenin', 'trotsky'],
      ['Is radar a weapon of the working class?', 'lenin', 'trotsky'],
      ['What was the Stakhanovite movement really about?', 'lenin', 'trotsky'],
      ['What did you think of the Soviet entry into the League of Nations?', 'lenin', 'trotsky'],
      ['What do you say about the execution of Bukharin?', 'lenin', 'trotsky'],
      ['Is a jet engine progress or a weapon?', 'lenin', 'trotsky'],
      ['What is your view of nuclear weapons?', 'trotsky', 'stalin'],
      ['Should the workers’ state have joined NATO?', 'trotsky', 'stalin'],
      ['Was the Marshall Plan an imperialist trap?', 'trotsky', 'stalin'],
      ['Would a computer help central planning?', 'trotsky', 'stalin'],
      ['Who started the cold war?', 'trotsky', 'stalin'],
      ['Who lowered the iron curtain?', 'trotsky', 'stalin'],
      ['Is apartheid a form of capitalism?', 'trotsky', 'stalin'],
      ['Should the Genocide Convention bind every state?', 'trotsky', 'stalin'],
      ['What should the third world countries learn from the Soviet Union?', 'trotsky', 'stalin'],
      ['Was Comecon fair to the smaller countries?', 'trotsky', 'stalin'],
      ['What do you think of the CIA?', 'trotsky', 'stalin'],
      ['Is the hydrogen bomb different from other weapons?', 'trotsky', 'stalin'],
      ['Was the transistor an important invention?', 'trotsky', 'stalin'],
      ['What do you think of the Warsaw Pact?', 'stalin', null],
      ['Would you have approved of the KGB?', 'stalin', null],
      ['What did you think of de-Stalinisation?', 'stalin', null],
      ['What did you think of the Virgin Lands campaign?', 'stalin', null],
      ['Was the European Economic Community a capitalist club?', 'stalin', null],
      ['How would you use the internet for propaganda?', 'stalin', null],
      ['Should every worker own a mobile phone?', 'stalin', null],
      ['What do you think of space flight?', 'stalin', null],
      ['Is rock and roll decadent?', 'stalin', null],
      ['What about the decolonisation of Africa?', 'stalin', null],
      ['What would you say about globalisation?', 'stalin', null],
      ['Would personal computers help the planners?', 'stalin', null],
      ['Was the Gestapo worse than the Okhrana?', 'lenin', 'trotsky'],
      ['Is Mein Kampf a serious book?', 'lenin', 'trotsky'],
      ['Could a helicopter reach the front faster?', 'lenin', 'trotsky'],
      ['Is Keynesian economics a cure for crises?', 'lenin', 'trotsky'],
      ['Did the Supreme Soviet of the USSR hold real power?', 'lenin', 'trotsky'],
      ['Was Malenkov a capable organiser?', 'lenin', 'trotsky'],
      ['Would Katyusha rockets have helped the partisans?', 'trotsky', 'stalin'],
      ['Was the Tripartite Pact aimed at the workers’ state?', 'trotsky', 'stalin'],
      ['Why was the fighting at Monte Cassino so long?', 'trotsky', 'stalin'],
      ['Was the Malayan Emergency a colonial war?', 'trotsky', 'stalin'],
      ['What do you think of the Tsar Bomba?', 'stalin', null],
      ['Should workers read Wikipedia?', 'stalin', null],
      ['Is bitcoin money?', 'stalin', null],
    ] as const)('%s: refused by %s, accepted from %s', (q, refusedBy, acceptedFrom) => {
      expect(check(refusedBy, q)).toMatchObject({ kind: 'event' });
      if (acceptedFrom) expect(check(acceptedFrom, q)).toBeNull();
    });
  });

  // Things the persona lived through, and words that look modern but name something older or a common phrase.
  describe('does not refuse what came before the persona’s death, however modern the word', () => {
    it.each([
      ['lenin', 'What did you think of the telephone?'],
      ['lenin', 'Should the cinema serve the revolution?'],
      ['lenin', 'Is the automobile a luxury of the rich?'],
      ['lenin', 'What did you think of jazz?'],
      ['lenin', 'Should every village have a radio station?'],
      ['lenin', 'Did Einstein’s theory of relativity trouble materialists?'],
      ['lenin', 'What did you think of the League of Nations?'],
      ['lenin', 'Did you know of Mussolini?'],
      ['lenin', 'What was the GPU for?'],
      ['lenin', 'What did you think of the Chinese Communist Party?'],
      ['lenin', 'Was the Second International dead after 1914?'],
      ['lenin', 'What was the NKVD under Dzerzhinsky?'],
      ['lenin', 'What is the role of the Communist Party of the Soviet Union?'],
      ['lenin', 'Was the Armenian massacre a genocide?'],
      ['lenin', 'Is there a final solution of the national question?'],
      ['lenin', 'What do you think of the Weimar Republic?'],
      ['lenin', 'Was Russia a superpower?'],
      ['lenin', 'How did you treat the Chinese revolution of 1911?'],
      ['trotsky', 'Did you fear a third world war?'],
      ['trotsky', 'What did the Franco-Prussian war teach about national wars?'],
      ['trotsky', 'What did you think of General Franco?'],
      ['trotsky', 'Why did you call for a Fourth International?'],
      ['trotsky', 'What was the point of the Transitional Program?'],
      ['trotsky', 'What did you think of television?'],
      ['trotsky', 'What is a GPU agent?'],
      ['trotsky', 'What did you think of Chiang Kai-shek?'],
      ['stalin', 'What did you think of Beria?'],
      ['stalin', 'What did you think of Truman?'],
      ['stalin', 'Why did you back Lysenko?'],
      ['stalin', 'Was the hydrogen bomb a threat to the Soviet Union?'],
      ['stalin', 'Why did Tito break with you?'],
      ['stalin', 'What did you think of Eisenhower?'],
    ] as const)('%s: %s', (id, q) => {
      expect(check(id, q)).toBeNull();
    });
  });

  describe('reads a person named with a role word as that person in office', () => {
    it('knows a man before his office, and refuses his time in it', () => {
      expect(check('stalin', 'What did you make of Brezhnev?')).toBeNull();
      expect(check('stalin', 'How would Brezhnev’s government fare?')).toMatchObject({
        event: { id: 'brezhnev' },
        year: 1964,
      });
      expect(check('trotsky', 'What did you think of Hitler?', '1930-01-01')).toBeNull();
      expect(check('trotsky', 'What did you think of Hitler’s regime?', '1930-01-01')).toMatchObject({
        event: { id: 'hitler' },
      });
    });

    it('does not take the persona’s own office for the named person’s', () => {
      expect(check('stalin', 'How did Khrushchev serve under your leadership?')).toBeNull();
    });
  });

  it('reads "your" as the persona’s', () => {
    expect(check('trotsky', 'Who ordered your assassination?', '1935-01-01')).toMatchObject({
      event: { id: 'trotsky-assassination' },
    });
    expect(check('lenin', 'How did you recover after the attempt on your life?', '1918-01-01')).toMatchObject(
      {
        event: { id: 'attempt-on-lenin' },
      },
    );
    expect(check('lenin', 'How did you recover after the attempt on your life?', '1920-01-01')).toBeNull();
  });

  it('refuses what was done with the persona’s body and office after death', () => {
    expect(check('lenin', 'Who visits your tomb?')).toMatchObject({ event: { id: 'lenin-funeral' } });
    expect(check('lenin', 'Who wrote your obituary?')).toMatchObject({ kind: 'after-death' });
    expect(check('lenin', 'Was your body embalmed?')).toMatchObject({ kind: 'after-death' });
    expect(check('stalin', 'Who took over from you?')).toMatchObject({ kind: 'after-death' });
    expect(check('stalin', 'Whom would you choose to take over the party?')).toBeNull();
  });

  it('refuses questions put from the asker’s present, not the persona’s own "today"', () => {
    for (const [id, q] of [
      ['trotsky', 'If you were alive now, what would you make of the world?'],
      ['lenin', 'What would you tell young people today?'],
      ['stalin', 'Is dialectical materialism still valid today?'],
      ['lenin', 'What is modern-day Russia like?'],
    ] as const) {
      expect(check(id, q)).toMatchObject({ kind: 'present-day' });
    }
    for (const [id, q] of [
      ['lenin', 'What are the tasks of the proletariat today?'],
      ['trotsky', 'Why is the bureaucracy so strong nowadays?'],
      ['stalin', 'Is modern industry possible without planning?'],
    ] as const) {
      expect(check(id, q)).toBeNull();
    }
  });

  it('reads centuries, with early, mid and late', () => {
    expect(check('lenin', 'What will the twenty-first century bring?')).toMatchObject({
      kind: 'century',
      year: 2000,
    });
    expect(check('stalin', 'How will the late twentieth century look?')).toMatchObject({
      kind: 'century',
      year: 1970,
    });
    expect(check('stalin', 'What will the 21st century bring?')).toMatchObject({
      kind: 'century',
      year: 2000,
    });
    expect(check('lenin', 'What did the 20th century promise?')).toBeNull();
    expect(check('trotsky', 'How did the nineteenth century end?')).toBeNull();
  });

  it('names the event it found, with its date and year, for the refusal line', () => {
    const hit = check('lenin', 'What did you think of the Second World War?');
    expect(hit).toMatchObject({
      kind: 'event',
      event: { id: 'ww2', date: '1939-09-01' },
      year: 1939,
      subject: 'the Second World War',
    });
  });

  it('reports an explicit year or decade when no event is named', () => {
    expect(check('trotsky', 'What happened in 1946?')).toMatchObject({
      kind: 'year',
      year: 1946,
      subject: '1946',
    });
    expect(check('lenin', 'How did the 1930s go?')).toMatchObject({
      kind: 'decade',
      year: 1930,
      subject: 'the 1930s',
    });
    expect(check('lenin', 'What happened in the thirties?')).toMatchObject({ kind: 'decade', year: 1930 });
    expect(check('lenin', 'What about the mid-1920s?')).toBeNull();
    expect(check('lenin', 'What about the late 1920s?')).toMatchObject({ kind: 'decade', year: 1927 });
    expect(check('lenin', 'What about the nineteen-thirties?')).toMatchObject({ kind: 'decade', year: 1930 });
    expect(check('trotsky', 'Where were you in nineteen forty-five?')).toMatchObject({
      kind: 'year',
      year: 1945,
      subject: '1945',
    });
  });

  it('honours an as-of date earlier than death: Lenin as of November 1917 knows nothing of the NEP of 1921', () => {
    expect(check('lenin', 'Why did you introduce the NEP in 1921?', '1917-11-01')).not.toBeNull();
    expect(check('lenin', 'What is the New Economic Policy?', '1917-11-01')).toMatchObject({
      event: { id: 'nep' },
    });
    expect(check('lenin', 'What is the New Economic Policy?', '1921-04-01')).toBeNull();
    expect(check('lenin', 'What happened in December 1917?', '1917-11-01')).not.toBeNull();
    expect(check('lenin', 'What happened in October 1917?', '1917-11-01')).toBeNull();
    expect(check('lenin', 'What about 7 November 1917?', '1917-11-01')).not.toBeNull();
  });

  it('honours teacher-set dates before 1917 with the events of the wider world', () => {
    expect(check('lenin', 'What do you think of the Wright brothers?', '1900-01-01')).toMatchObject({
      event: { id: 'powered-flight' },
    });
    expect(check('lenin', 'What did the sinking of the Titanic show?', '1910-01-01')).toMatchObject({
      event: { id: 'titanic' },
    });
    expect(check('lenin', 'Would the League of Nations keep the peace?', '1918-12-01')).not.toBeNull();
    expect(check('lenin', 'What did you think of the First Duma?', '1905-06-01')).not.toBeNull();
    expect(check('lenin', 'What did you think of the First Duma?', '1906-08-01')).toBeNull();
    // Said of the 1905 debates, a provisional government is not yet the one of 1917.
    expect(check('lenin', 'Should we join a provisional government?', '1905-06-01')).toBeNull();
    expect(
      check('lenin', 'What did you make of the Left Opposition to the Brest peace?', '1918-04-01'),
    ).toBeNull();
    expect(check('stalin', 'What did you make of the New Deal?', '1930-01-01')).toMatchObject({
      event: { id: 'new-deal' },
    });
    expect(check('stalin', 'Did you break with Tito?', '1945-06-01')).toBeNull();
    expect(check('stalin', 'Why did you break with the Titoists?', '1945-06-01')).not.toBeNull();
  });

  it('uses an age-safe reading of two-digit decades: "the nineties" is the 1890s for Lenin', () => {
    expect(check('lenin', 'What did you do in the nineties?')).toBeNull();
    expect(check('lenin', 'Who were the radicals of the sixties?')).toBeNull();
    expect(check('stalin', 'What did you think of the nineties?')).toBeNull();
    expect(check('stalin', 'What do you expect of the sixties?')).not.toBeNull();
  });

  it('treats numbers that are not years as numbers', () => {
    for (const q of [
      'Were 2000 workers enough to hold the factory?',
      'What does paragraph 2041 of the programme say?',
      'Is 1999 + 1 equal to 2000?',
      'Could 1950 rubles feed a family?',
      'What happened to the strike of 1990 miners?',
      'Was the price $1945 or more?',
      'Is it 2,000 or 3,000 soldiers?',
      'See No. 1937 in the archive.',
    ]) {
      expect(check('lenin', q)).toBeNull();
    }
  });

  it('still reads years next to count words when a date word comes first', () => {
    expect(check('lenin', 'In 1930 workers did what?')).not.toBeNull();
    expect(check('lenin', 'What did the 1989 protests achieve?')).not.toBeNull();
  });

  it('rejects an as-of date that is not a real date', () => {
    expect(() => guard.check('anything', '1924-02-30')).toThrow(AppError);
  });
});
