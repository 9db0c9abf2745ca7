require('/work/main/node_modules/reflect-metadata');
const path='/work/main/dist/';
const { NestFactory } = require('/work/main/node_modules/@nestjs/core');
const { CliModule } = require(path+'apps/cli/src/cli.module');
const { RetrievalService } = require(path+'libs/retrieval/src');
const { CorpusRepository, IngestService } = require(path+'libs/corpus/src');
const fs=require('fs');
// usage: node scripts/diag.tmp.js [modes...]   env TUNING='{"...":..}'  CAP=2 (per-doc cap)
(async()=>{
  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error'] });
  await app.get(IngestService).restoreEmbedderState();
  const r = app.get(RetrievalService);
  if (process.env.TUNING) r.tune(JSON.parse(process.env.TUNING));
  const corpus = app.get(CorpusRepository);
  const items = JSON.parse(fs.readFileSync('/work/shared/eval/dev.json','utf8')).filter(i=>i.gold.length);
  const modes = process.argv.slice(2).length? process.argv.slice(2): ['text','vector','hybrid'];
  const cap = Number(process.env.CAP ?? 1000);
  const table = items.map(it => [it.type.slice(0,5), it.question.slice(0,70)]);
  for (const mode of modes) {
    const ranks=[];
    for (const [n,it] of items.entries()) {
      const ps = await r.search({persona: it.persona, query: it.question, k: 50, mode, maxPerDocument: cap});
      let best=null;
      for (const g of it.gold) {
        const doc = await corpus.findDocument(g.file);
        const at = doc.text.indexOf(g.quote);
        const gs=at, ge=at+g.quote.length;
        ps.forEach((p,i)=>{ if(p.source===g.file && p.start<ge && gs<p.end && (best===null||i<best)) best=i; });
      }
      ranks.push(best===null? 99: best+1);
      table[n].push(best===null? '-': String(best+1));
    }
    const r5=ranks.filter(x=>x<=5).length, r10=ranks.filter(x=>x<=10).length;
    console.log(mode.padEnd(7), '@5', r5, '@10', r10, 'mrr', (ranks.reduce((s,x)=>s+(x<=50?1/x:0),0)/ranks.length).toFixed(3));
  }
  if (!process.env.QUIET) for (const row of table) console.log(row.slice(2).map(x=>x.padStart(3)).join(' '), ' ', row[0], row[1]);
  await app.close();
})();
