// Shared by the node probes (see _probe.py for the protocol): config from $CLIENT_PROBE_CONFIG or argv[2],
// one JSON line per check {client, platform, check, ok, detail, seconds}.
import { createRequire } from "node:module";

export const require = createRequire((process.env.CLIENTS_NODE_MODULES || ".") + "/");
export const MESSAGES = [{ role: "user", content: "Say something about the weather." }];
export const WEATHER_TOOL = {
  type: "function",
  function: {
    name: "get_weather",
    description: "The weather in a city.",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"], additionalProperties: false },
  },
};

export function config() {
  return JSON.parse(process.argv[2] || process.env.CLIENT_PROBE_CONFIG);
}

function emit(client, platform, check, ok, detail, seconds) {
  detail = String(detail).split(/\s+/).join(" ").slice(0, 1500);
  process.stdout.write(JSON.stringify({ client, platform, check, ok, detail, seconds: Math.round(seconds * 100) / 100 }) + "\n");
}

export function describe(err) {
  const name = err?.constructor?.name || typeof err;
  const status = err?.status ?? err?.statusCode;
  let text = `${name}${status ? ` [${status}]` : ""}: ${err?.message ?? err}`;
  if (err?.responseBody && !text.includes(err.responseBody)) text += ` body=${err.responseBody}`;
  return text;
}

export function expect(cond, message) {
  if (!cond) throw new Error(`assertion: ${message}`);
}

export async function expectRaises(fn, isWanted, what) {
  let got;
  try {
    got = await fn();
  } catch (err) {
    if (isWanted(err)) return `raised ${describe(err)}`.slice(0, 300);
    throw new Error(`expected ${what}, got ${describe(err)}`);
  }
  throw new Error(`expected ${what}, but the call succeeded: ${JSON.stringify(got).slice(0, 200)}`);
}

export async function run(client, checks, isBadRequest) {
  const cfg = config();
  for (const [platform, pc] of Object.entries(cfg.platforms)) {
    for (const name of pc.checks) {
      const started = performance.now();
      const why = pc.refusals[name];
      const ignored = (pc.ignored || {})[name];
      const fn = checks[name];
      const secs = () => (performance.now() - started) / 1000;
      if (!fn) { emit(client, platform, name, false, "the probe has no such check", 0); continue; }
      let detail;
      try {
        detail = await fn(pc);
      } catch (err) {
        if (ignored !== undefined) {
          if (isBadRequest(err)) emit(client, platform, name, false, `refused, but the real platform accepts the request: ${ignored}; got ${describe(err)}`, secs());
          else emit(client, platform, name, true, `ignored as expected: ${ignored}; the client then got ${describe(err)}`, secs());
          continue;
        }
        if (why !== undefined && isBadRequest(err)) emit(client, platform, name, true, `refused as expected: ${why} (${describe(err)})`, secs());
        else emit(client, platform, name, false, describe(err), secs());
        continue;
      }
      if (ignored !== undefined) emit(client, platform, name, true, `ignored as expected: ${ignored}; the client got ${detail}`, secs());
      else if (why !== undefined) emit(client, platform, name, false, `accepted, but the real platform refuses it: ${why}; got ${detail}`, secs());
      else emit(client, platform, name, true, detail, secs());
    }
  }
}
