import { describe, expect, it } from "vitest";
import { locomoItems, normaliseEvidence, parseLocomo, parseLocomoDate } from "../src/locomo.js";

describe("LoCoMo evidence", () => {
  const known = new Set(["D1:3", "D11:26", "D8:6", "D9:17", "D22:1", "D22:2"]);

  it("splits on separators, accepts D:s:t, and drops unknown or malformed ids", () => {
    expect(normaliseEvidence(["D22:1 D22:2 D30:1"], known)).toEqual(["D22:1", "D22:2"]);
    expect(normaliseEvidence(["D:11:26"], known)).toEqual(["D11:26"]);
    expect(normaliseEvidence(["D8:6; D9:17"], known)).toEqual(["D8:6", "D9:17"]);
    expect(normaliseEvidence(["D", "D01:03", "D1:3,D1:3"], known)).toEqual(["D1:3"]);
  });
});

describe("LoCoMo conversation", () => {
  const conversation = {
    speaker_a: "Ann",
    speaker_b: "Bo",
    session_2_date_time: "9:05 am on 10 June, 2023",
    session_2: [{ speaker: "Bo", dia_id: "D2:1", text: "Later." }],
    session_1_date_time: "1:56 pm on 8 May, 2023",
    session_1: [
      { speaker: "Ann", dia_id: "D1:1", text: "Hi!" },
      { speaker: "Bo", dia_id: "D1:2", text: "Look.", blip_caption: "a photo of a cat" },
    ],
    session_3_date_time: "10:00 am on 1 July, 2023",
  };

  it("parses session times", () => {
    expect(parseLocomoDate("1:56 pm on 8 May, 2023").toISOString()).toBe("2023-05-08T13:56:00.000Z");
    expect(parseLocomoDate("12:09 am on 13 September, 2023").toISOString()).toBe("2023-09-13T00:09:00.000Z");
  });

  it("orders sessions by number, skips date keys without turns, and formats text", () => {
    const items = locomoItems(conversation);
    expect(items.map((i) => i.id)).toEqual(["D1:1", "D1:2", "D2:1"]);
    expect(items[1]?.text).toBe("Bo: Look. [shares a photo of a cat]");
    expect(items[1]).toMatchObject({ speaker: "Bo", session: 1, turn: 2 });
    expect(items[2]?.time.toISOString()).toBe("2023-06-10T09:05:00.000Z");
  });

  it("drops questions whose evidence normalises to nothing", () => {
    const ds = parseLocomo([
      {
        sample_id: "c",
        conversation,
        qa: [
          { question: "q1", answer: "a", evidence: ["D1:2"], category: 4 },
          { question: "q2", answer: "a", evidence: ["D9:9"], category: 3 },
          { question: "q3", adversarial_answer: "a", evidence: ["D2:1"], category: 5 },
        ],
      },
    ]);
    expect(ds.cases[0]?.queries.map((q) => [q.text, q.category, q.gold])).toEqual([
      ["q1", "4", ["D1:2"]],
      ["q3", "5", ["D2:1"]],
    ]);
  });
});
