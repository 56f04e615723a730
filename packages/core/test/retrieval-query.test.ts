import { describe, expect, it } from "vitest";
import {
  analyseQuery,
  asksForTime,
  hasTimeExpression,
  parseTimeRange,
  timeFit,
} from "../src/retrieval/index.js";

describe("analyseQuery", () => {
  const speakers = ["Caroline", "Melanie"];

  it("removes wh-words and named speakers from the dense text", () => {
    const a = analyseQuery("What did Caroline's friend give Mel?", speakers);
    expect(a.namedSpeakers).toEqual(["Caroline", "Melanie"]);
    expect(a.denseText).toBe("did friend give ?");
  });

  it("does not take lowercase words or wh-words for names", () => {
    expect(analyseQuery("when may we meet?", ["Maya"]).namedSpeakers).toEqual([]);
    expect(analyseQuery("How was it?", ["Howard"]).namedSpeakers).toEqual([]);
  });

  it("falls back to the question when nothing is left", () => {
    expect(analyseQuery("Who?", speakers).denseText).toBe("Who?");
  });

  it("detects time questions and named ranges", () => {
    const a = analyseQuery("When did Melanie paint a sunrise in May 2023?", speakers);
    expect(a.asksForTime).toBe(true);
    expect(a.timeRange?.start.toISOString()).toBe("2023-05-01T00:00:00.000Z");
    expect(a.timeRange?.end.toISOString()).toBe("2023-06-01T00:00:00.000Z");
  });
});

describe("time cues", () => {
  it("parses days, months and years, most specific first", () => {
    expect(parseTimeRange("on 8 May, 2023")?.start.toISOString()).toBe("2023-05-08T00:00:00.000Z");
    expect(parseTimeRange("on October 13, 2023")?.end.toISOString()).toBe("2023-10-14T00:00:00.000Z");
    expect(parseTimeRange("in 2022")?.end.toISOString()).toBe("2023-01-01T00:00:00.000Z");
    expect(parseTimeRange("what did she say")).toBeUndefined();
  });

  it("recognises time expressions and time questions", () => {
    expect(hasTimeExpression("I went there last week")).toBe(true);
    expect(hasTimeExpression("It took 3 years")).toBe(true);
    expect(hasTimeExpression("I love painting")).toBe(false);
    expect(asksForTime("How long have they been married?")).toBe(true);
    expect(asksForTime("What did she paint?")).toBe(false);
  });

  it("fits event times inside the range plus a reporting lag, decaying outside", () => {
    const range = { start: new Date("2023-05-01T00:00:00Z"), end: new Date("2023-06-01T00:00:00Z") };
    expect(timeFit(new Date("2023-05-20T00:00:00Z"), range)).toBe(1);
    expect(timeFit(new Date("2023-06-10T00:00:00Z"), range)).toBe(1);
    expect(timeFit(new Date("2023-04-01T00:00:00Z"), range)).toBeCloseTo(Math.exp(-1), 5);
  });
});
