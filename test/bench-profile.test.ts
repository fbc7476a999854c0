import { describe, expect, it } from "vitest";
import { partOf, summarize } from "./bench/profile.js";

describe("npm run profile", () => {
  it("puts each function in its part of the code", () => {
    const d = "file:///repo/dist";
    expect(partOf(`${d}/src/events/prefilter.js`, "first")).toBe("src/events");
    expect(partOf(`${d}/src/rules/lib/scans.js`, "build")).toBe("src/rules/lib");
    expect(partOf(`${d}/src/rules/engine.js`, "fold")).toBe("src/rules/lib");
    expect(partOf(`${d}/src/rules/flow-unexplained-errors/index.js`, "check")).toBe("src/rules/<rule>");
    expect(partOf(`${d}/src/rules/context.js`, "ofKind")).toBe("src/rules");
    expect(partOf(`${d}/grammars/ccm/fast.js`, "fastParse")).toBe("grammars/ccm");
    expect(partOf("file:///repo/node_modules/chevrotain/lib/chevrotain.mjs", "x")).toBe("dependency chevrotain");
    expect(partOf("node:buffer", "write")).toBe("Node.js");
    expect(partOf("", "(garbage collector)")).toBe("garbage collection");
  });

  it("adds up each part's own time and ranks the functions", () => {
    const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0 });
    const text = summarize(
      {
        nodes: [
          { id: 1, callFrame: frame("(root)", "") },
          { id: 2, callFrame: frame("first", "file:///r/dist/src/events/prefilter.js") },
          { id: 3, callFrame: frame("(garbage collector)", "") },
        ],
        samples: [2, 2, 2, 3],
        timeDeltas: [1000, 1000, 1000, 1000],
      },
      5,
    );
    expect(text).toContain(" 75.0%        3 ms  src/events");
    expect(text).toContain(" 25.0%        1 ms  garbage collection");
    expect(text.indexOf("first  src/events/prefilter.js:1")).toBeGreaterThan(text.indexOf("top 5 functions"));
  });
});
