import { startTestApp } from '../support/test-app';
import { subsetCorpus } from '../support/test-env';
it('debug', async () => {
  const t = await startTestApp({ CORPUS_DIR: subsetCorpus(['lenin/the-tasks-of-the-youth-leagues.txt', 'trotsky/their-morals-and-ours.txt']) });
  const r = await fetch(`${t.url}/api/classrooms`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ title: 'x', personas: ['lenin', 'trotsky'], mode: 'qa', visibility: 'private', retentionDays: 30 }) });
  console.log(r.status, await r.text());
  await t.close();
});
