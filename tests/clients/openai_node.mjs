// The openai npm SDK against every profile.
import { MESSAGES, WEATHER_TOOL, expect, expectRaises, require, run } from "./_probe.mjs";

const { default: OpenAI } = require("openai");
const CLIENT = "openai-node";
const isBadRequest = (e) => e instanceof OpenAI.BadRequestError || e instanceof OpenAI.UnprocessableEntityError;

function client(pc, key) {
  key = key || pc.api_key;
  const defaultHeaders = pc.base_url.endsWith("/v5") ? { "x-api-key": key } : undefined; // SGP's auth header
  return new OpenAI({ baseURL: pc.base_url, apiKey: key, defaultHeaders, maxRetries: 0, timeout: 20000 });
}

const checks = {
  async chat(pc) {
    const r = await client(pc).chat.completions.create({ model: pc.model, messages: MESSAGES });
    const text = r.choices[0].message.content;
    expect(text, `no content: ${JSON.stringify(r)}`);
    expect(r.usage?.total_tokens > 0, `no usage`);
    return `${JSON.stringify(text.slice(0, 60))} usage=${r.usage.total_tokens}`;
  },
  async stream(pc) {
    const opts = pc.base_url.endsWith("/api/v1") ? {} : { stream_options: { include_usage: true } };
    const s = await client(pc).chat.completions.create({ model: pc.model, messages: MESSAGES, stream: true, ...opts });
    let text = "", n = 0, usage = null;
    for await (const chunk of s) {
      n++;
      if (chunk.choices?.length) text += chunk.choices[0].delta?.content || "";
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text, "streamed no content");
    if (opts.stream_options) expect(usage, "include_usage sent but no usage chunk");
    return `${n} chunks ${JSON.stringify(text.slice(0, 40))}`;
  },
  async tool_round_trip(pc) {
    const c = client(pc);
    const messages = [{ role: "user", content: "What is the weather in Paris?" }];
    const r = await c.chat.completions.create({ model: pc.model, messages, tools: [WEATHER_TOOL] });
    const msg = r.choices[0].message;
    expect(msg.tool_calls?.length, `no tool call: ${JSON.stringify(msg)}`);
    const call = msg.tool_calls[0];
    const args = JSON.parse(call.function.arguments);
    expect(call.function.name === "get_weather" && typeof args.city === "string", `bad call ${JSON.stringify(call)}`);
    messages.push(msg, { role: "tool", tool_call_id: call.id, content: "mild, 18 C" });
    const r2 = await c.chat.completions.create({ model: pc.model, messages, tools: [WEATHER_TOOL] });
    expect(r2.choices[0].message.content, `no answer after the tool result: ${JSON.stringify(r2.choices[0].message)}`);
    return `called get_weather(${JSON.stringify(args)})`;
  },
  async json_output(pc) {
    const r = await client(pc).chat.completions.create({
      model: pc.model,
      messages: [{ role: "user", content: "The weather in Paris as JSON with city and degrees." }],
      response_format: {
        type: "json_schema",
        json_schema: { name: "weather", strict: true, schema: { type: "object", properties: { city: { type: "string" }, degrees: { type: "integer" } }, required: ["city", "degrees"], additionalProperties: false } },
      },
    });
    const obj = JSON.parse(r.choices[0].message.content);
    expect(typeof obj.city === "string" && Number.isInteger(obj.degrees), `not the schema: ${r.choices[0].message.content}`);
    return `parsed ${JSON.stringify(obj)}`;
  },
  async n2(pc) {
    const r = await client(pc).chat.completions.create({ model: pc.model, messages: MESSAGES, n: 2 });
    expect(r.choices.length === 2 && r.choices.every((c) => c.message.content), `${r.choices.length} choices`);
    return "2 choices";
  },
  async logprobs(pc) {
    const r = await client(pc).chat.completions.create({ model: pc.model, messages: MESSAGES, logprobs: true, top_logprobs: 2 });
    const lp = r.choices[0].logprobs;
    expect(lp?.content?.length, `no logprobs: ${JSON.stringify(lp)}`);
    expect(lp.content[0].logprob <= 0 && lp.content[0].top_logprobs.length === 2, `bad logprob ${JSON.stringify(lp.content[0])}`);
    return `${lp.content.length} tokens`;
  },
  async auth_error(pc) {
    return expectRaises(() => client(pc, pc.wrong_key).chat.completions.create({ model: pc.model, messages: MESSAGES }),
      (e) => e instanceof OpenAI.AuthenticationError, "OpenAI.AuthenticationError");
  },
  async bad_request(pc) {
    return expectRaises(() => client(pc).chat.completions.create({ model: pc.model, messages: MESSAGES, temperature: -1 }),
      isBadRequest, "OpenAI.BadRequestError");
  },
  async models(pc) {
    const ids = [];
    for await (const m of client(pc).models.list()) ids.push(m.id);
    expect(ids.includes(pc.model), `${pc.model} not in ${JSON.stringify(ids)}`);
    return `${ids.length} models`;
  },
};

await run(CLIENT, checks, isBadRequest);
