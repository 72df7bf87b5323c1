// N `jobUpdates` subscribers, one socket each, with the reference graphql-ws client.
//
// Usage: node subscribe.mjs <ws url> <authorization> <sockets> <jobs> <deadline s> [filter json]
//
// Prints "connected" once every socket is acknowledged, "warm" once every socket has seen a
// COMPLETED job named "warmup", then one line "result {json}": the delivery latency of every
// other COMPLETED job, from its finishedAt to arrival here, in milliseconds (same machine, same
// clock). It ends when every socket has seen <jobs> of them, or at the deadline.
import { createClient } from "graphql-ws";
import WebSocket from "ws";

const [url, authorization, socketsArg, jobsArg, deadlineArg, filterArg] = process.argv.slice(2);
const sockets = Number(socketsArg);
const jobs = Number(jobsArg);
const filter = filterArg ? JSON.parse(filterArg) : null;
const QUERY = `subscription Bench($filter: JobFilter) {
  jobUpdates(filter: $filter) { id status name finishedAt }
}`;

const now = () => performance.timeOrigin + performance.now();
// finishedAt has microseconds; Date.parse keeps milliseconds, so add the rest back.
const instant = (iso) => {
  const micros = /\.\d{3}(\d*)/.exec(iso)?.[1] ?? "";
  return Date.parse(iso) + (micros ? Number(`0.${micros}`) : 0);
};

const latencies = [];
const firstByJob = new Map(); // job id -> earliest arrival, for "first delivery" figures
let connected = 0;
let warm = 0;
let done = 0;
let errors = 0;
const clients = [];

function finish() {
  for (const client of clients) client.dispose();
  process.stdout.write(
    `result ${JSON.stringify({ latencies, errors, done, sockets, jobs, firsts: Object.fromEntries(firstByJob) })}\n`,
    () => process.exit(0),
  );
}

setTimeout(finish, Number(deadlineArg) * 1000);

for (let i = 0; i < sockets; i += 1) {
  let seenWarm = false;
  let received = 0;
  const client = createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams: { authorization },
    lazy: false,
    retryAttempts: 0,
    keepAlive: 0,
    on: {
      connected: () => {
        connected += 1;
        if (connected === sockets) console.log("connected");
      },
    },
  });
  clients.push(client);
  client.subscribe(
    { query: QUERY, variables: { filter } },
    {
      next: (message) => {
        const job = message.data?.jobUpdates;
        if (!job) {
          errors += 1;
          return;
        }
        if (job.status !== "COMPLETED") return;
        const arrived = now();
        if (job.name === "warmup") {
          if (!seenWarm) {
            seenWarm = true;
            warm += 1;
            if (warm === sockets) console.log("warm");
          }
          return;
        }
        const latency = arrived - instant(job.finishedAt);
        latencies.push(latency);
        const first = firstByJob.get(job.id);
        if (first === undefined || latency < first) firstByJob.set(job.id, latency);
        received += 1;
        if (received === jobs) {
          done += 1;
          if (done === sockets) finish();
        }
      },
      error: () => {
        errors += 1;
      },
      complete: () => {},
    },
  );
}
