import { flag, parseArgs, stringOption, stringOptions } from './args';

describe('the command line', () => {
  it('keeps every value of a repeated option, in order, and the last as its value', () => {
    const args = parseArgs(['--dataset', 'a.json', '--fit-retrieval', '--dataset=b.json'], ['fit-retrieval']);
    expect(stringOptions(args, 'dataset')).toEqual(['a.json', 'b.json']);
    expect(stringOption(args, 'dataset')).toBe('b.json');
    expect(flag(args, 'fit-retrieval')).toBe(true);
    expect(stringOptions(args, 'fit-retrieval')).toEqual([]);
    expect(stringOptions(args, 'out')).toEqual([]);
  });
});
