import './quiet';
import { benchApi } from './api';
benchApi({ connections: 1, durationSeconds: 3, children: 16 }).then((r) => {
  for (const l of r.latency) console.log(l.operationId, 'p50', l.latencyMs.p50, 'own', l.floor.latencyMs.p50, l.ratio.p50, 'contract', l.contractFloor.latencyMs.p50, l.contractRatio.p50, 'p99', l.contractRatio.p99);
  console.table(r.cpu);
  process.exit(0);
}).catch((e) => { console.error(e); process.exit(1); });
