// The Vercel AI SDK (`ai` with `@ai-sdk/openai`'s chat-completions model) against every profile.
import { MESSAGES, expect, expectRaises, require, run } from "./_probe.mjs";

const { generateText, streamText, generateObject, Output, stepCountIs, tool, APICallError } = require("ai");
const { createOpenAI } = require("@ai-sdk/openai");
const { z } = require("zod");
const CLIENT = "ai-sdk";
const status = (e) => (APICallError.isInstance(e) ? e.statusCode : APICallError.isInstance(e?.lastError) ? e.lastError.statusCode : undefined);
const isBadRequest = (e) => status(e) === 400 || status(e) === 422;

function model(pc, key) {
  key = key || pc.api_key;
  const headers = pc.base_url.endsWith("/v5") ? { "x-api-key": key } : undefined; // SGP's auth header
  return createOpenAI({ baseURL: pc.base_url, apiKey: key, headers }).chat(pc.model);
}

const weather = tool({
  description: "The weather in a city.",
  inputSchema: z.object({ city: z.string() }),
  execute: async ({ city }) => `mild in ${city}, 18 C`,
});

const checks = {
  async chat(pc) {
    const r = await generateText({ model: model(pc), messages: MESSAGES, maxRetries: 0 });
    expect(r.text, `no text: ${JSON.stringify(r.response?.body ?? r).slice(0, 300)}`);
    expect(r.usage?.totalTokens > 0, `no usage ${JSON.stringify(r.usage)}`);
    return `${JSON.stringify(r.text.slice(0, 60))} usage=${r.usage.totalTokens}`;
  },
  async stream(pc) {
    let error;
    const r = streamText({ model: model(pc), messages: MESSAGES, maxRetries: 0, onError: ({ error: e }) => { error = e; } });
    let text = "", n = 0;
    for await (const part of r.textStream) { text += part; n++; }
    if (error) throw error;
    expect(text, "streamed no text");
    const finish = await r.finishReason;
    expect(finish === "stop" || finish === "length", `finishReason ${finish}`);
    return `${n} parts ${JSON.stringify(text.slice(0, 40))} finish=${finish}`;
  },
  async tool_round_trip(pc) {
    const r = await generateText({
      model: model(pc), prompt: "What is the weather in Paris?", tools: { get_weather: weather }, stopWhen: stepCountIs(3), maxRetries: 0,
    });
    const calls = r.steps.flatMap((s) => s.toolCalls);
    expect(calls.length && calls[0].toolName === "get_weather", `no tool call: ${JSON.stringify(r.steps[0]?.content).slice(0, 300)}`);
    expect(r.text, `no answer after the tool result (steps: ${r.steps.length}, finish ${r.finishReason})`);
    return `${r.steps.length} steps, called get_weather(${JSON.stringify(calls[0].input)})`;
  },
  async json_output(pc) {
    const r = await generateText({
      model: model(pc), maxRetries: 0, prompt: "The weather in Paris as JSON with city and degrees.",
      output: Output.object({ schema: z.object({ city: z.string(), degrees: z.number().int() }) }),
    });
    expect(typeof r.output?.city === "string", `no object: ${JSON.stringify(r.output)}`);
    return `output ${JSON.stringify(r.output)}`;
  },
  async json_object_mode(pc) {
    // no schema: the SDK sends response_format json_object and the user reads any JSON object
    const r = await generateObject({ model: model(pc), output: "no-schema", maxRetries: 0,
      prompt: "The weather in Paris as a JSON object with keys city and degrees." });
    expect(r.object && typeof r.object === "object", `no object: ${JSON.stringify(r.object)}`);
    return `object ${JSON.stringify(r.object).slice(0, 80)}`;
  },
  async auth_error(pc) {
    return expectRaises(() => generateText({ model: model(pc, pc.wrong_key), messages: MESSAGES, maxRetries: 0 }),
      (e) => status(e) === 401, "APICallError with statusCode 401");
  },
  async bad_request(pc) {
    return expectRaises(() => generateText({ model: model(pc), messages: MESSAGES, temperature: -1, maxRetries: 0 }),
      isBadRequest, "APICallError with statusCode 400");
  },
};

await run(CLIENT, checks, isBadRequest);
