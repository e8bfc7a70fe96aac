import { memoizeByObject, memoizeByText, textMemo } from "../../src/util/memo";

describe("memoizeByText", () => {
  it("computes each text once, an undefined result included", () => {
    const calls: string[] = [];
    const parse = memoizeByText(8, (text) => {
      calls.push(text);
      return text === "bad" ? undefined : text.length;
    });
    expect([parse("abc"), parse("bad"), parse("abc"), parse("bad")]).toEqual([3, undefined, 3, undefined]);
    expect(calls).toEqual(["abc", "bad"]);
  });

  it("keeps at most `limit` texts and forgets them all when full", () => {
    const calls: string[] = [];
    const parse = memoizeByText(2, (text) => {
      calls.push(text);
      return text;
    });
    parse("a");
    parse("b");
    parse("c"); // full: a and b are forgotten, c is kept
    parse("c");
    parse("a");
    expect(calls).toEqual(["a", "b", "c", "a"]);
  });
});

describe("textMemo", () => {
  it("keeps what compute made of its input under the key given, whatever the next input", () => {
    const remembered = textMemo<string>(4);
    const made: string[] = [];
    const upper = (input: string) => {
      made.push(input);
      return input.toUpperCase();
    };
    const make = (key: string, input: string) => remembered(key, upper, input);
    expect([make("k1", "first"), make("k1", "second"), make("k2", "second")]).toEqual([
      "FIRST",
      "FIRST",
      "SECOND",
    ]);
    expect(made).toEqual(["first", "second"]);
  });
});

describe("memoizeByObject", () => {
  it("computes once per object, not per equal object", () => {
    let calls = 0;
    const size = memoizeByObject((o: { n: number }) => {
      calls++;
      return o.n;
    });
    const one = { n: 1 };
    expect([size(one), size(one), size({ n: 1 })]).toEqual([1, 1, 1]);
    expect(calls).toBe(2);
  });
});
