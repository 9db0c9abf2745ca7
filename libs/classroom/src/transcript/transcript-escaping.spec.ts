import { escapeHtml } from './transcript-html';
import { escapeMarkdown } from './transcript-markdown';

describe('transcript escaping', () => {
  it('turns every HTML-significant character into an entity', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('keeps Markdown syntax and inline HTML from rendering', () => {
    expect(escapeMarkdown('# Title\n- item\n1. one\n<b>*bold*</b> [link](http://x)')).toBe(
      '\\# Title\n\\- item\n1\\. one\n\\<b\\>\\*bold\\*\\</b\\> \\[link\\](http://x)',
    );
  });
});
