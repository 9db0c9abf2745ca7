require('/work/main/node_modules/reflect-metadata');
const path='/work/main/dist/';
const { NestFactory } = require('/work/main/node_modules/@nestjs/core');
const { CliModule } = require(path+'apps/cli/src/cli.module');
const { RetrievalService } = require(path+'libs/retrieval/src');
const { CorpusRepository, IngestService } = require(path+'libs/corpus/src');
const fs=require('fs');
(async()=>{
  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error'] });
  await app.get(IngestService).restoreEmbedderState();
  const r = app.get(RetrievalService);
  const corpus = app.get(CorpusRepository);
  const items = JSON.parse(fs.readFileSync('/work/shared/eval/dev.json','utf8')).filter(i=>i.gold.length);
  const modes = process.argv.slice(2).length? process.argv.slice(2): ['text','vector','hybrid'];
  for (const mode of modes) {
    const ranks=[];
    for (const it of items) {
      const ps = await r.search({persona: it.persona, query: it.question, k: 50, mode, maxPerDocument: 1000});
      let best=null;
      for (const g of it.gold) {
        const doc = await corpus.findDocument(g.file);
        const at = doc.text.indexOf(g.quote);
        const gs=at, ge=at+g.quote.length;
        ps.forEach((p,i)=>{ if(p.source===g.file && p.start<ge && gs<p.end && (best===null||i<best)) best=i; });
      }
      ranks.push(best===null? '-': best+1);
    }
    console.log(mode.padEnd(7), ranks.join(' '));
  }
  await app.close();
})();
