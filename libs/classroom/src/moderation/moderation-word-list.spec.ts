import { matchModerationRules } from './moderation-word-list';

describe('the offline moderation list', () => {
  it.each([
    ["I'm going to kill you after class", 'violence/threatening'],
    ['gonna shoot up the school tomorrow', 'violence/threatening'],
    ['i want to kill myself', 'self-harm'],
    ['you are so stupid', 'harassment'],
    ['this is such bullsh1t', 'profanity'],
    ['F U U U C K this', 'profanity'],
    ['fuuuuck', 'profanity'],
    ['send me nudes', 'sexual'],
  ])('flags "%s" as %s', (text, category) => {
    expect(matchModerationRules(text)).toContain(category);
  });

  it.each([
    'Why were so many people killed in the purges?',
    'How did Trotsky die, and who killed him?',
    'What did you think of the assassination attempt by Fanny Kaplan?',
    'Was the dictatorship of the proletariat meant to be violent?',
    'Explain the class struggle in Russia in 1905.',
    'Is it true that Stalin\u2019s wife took her own life?',
    'Scunthorpe, Essex and Sussex sent delegates.',
  ])('lets a history question through: "%s"', (text) => {
    expect(matchModerationRules(text)).toEqual([]);
  });

  it('matches after the shared moderation reading undoes substitutions (see libs/text moderation-text)', () => {
    expect(matchModerationRules('Ŝh1t  $tuff')).toContain('profanity');
  });
});
