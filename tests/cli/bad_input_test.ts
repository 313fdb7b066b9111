/**
 * Every command-line entry point fed what a careless or hostile user types: unknown flags, bad
 * numbers, broken data and model files, unwritable outputs, misbehaving programs. Each mistake must
 * end the process with a non-zero status and exactly one line on stderr that names the flag, file,
 * case or field — no stack trace — and must leave no partial output file behind.
 */
import assert from "node:assert";
import { idxBytes, syntheticSplit } from "../testdata/idx_writer.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

/** The permissions of each CLI's task in deno.json. */
const PERMISSIONS: Record<string, string[]> = {
  train: ["--allow-read", "--allow-write"],
  check: ["--allow-read", "--allow-write", "--allow-run"],
  audit: ["--allow-read"],
  fixtures: ["--allow-read", "--allow-write"],
  bench: ["--allow-read", "--allow-run", "--allow-env"],
};

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `cmd/<name>.ts` as a user does, from `cwd` (the repository by default). */
async function cli(
  name: string,
  args: string[],
  options: { cwd?: string; permissions?: string[] } = {},
): Promise<Ran> {
  const cwd = options.cwd ?? ROOT;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-q", ...(options.permissions ?? PERMISSIONS[name]), `cmd/${name}.ts`, ...args],
    cwd,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const text = new TextDecoder();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

/** Asserts the exit status and that stderr is one line `<name>: …` matching `message`. */
function assertOneLine(r: Ran, name: string, code: number, message: RegExp): void {
  assert.strictEqual(r.code, code, `exit status, stderr:\n${r.stderr}`);
  assert.doesNotMatch(r.stderr, /\n {4}at |internal error/, "a stack trace");
  const lines = r.stderr.split("\n");
  assert.deepStrictEqual([lines.length, lines[1]], [2, ""], `one line, got:\n${r.stderr}`);
  assert.ok(lines[0].startsWith(`${name}: `), lines[0]);
  assert.match(lines[0], message);
}

/** The entries of a directory, sorted: nothing half written may be left there. */
async function entries(dir: string): Promise<string[]> {
  return (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name).sort();
}

/** A tiny MNIST directory: 10 training and 2 test images of 28×28, labels 0..9. */
async function tinyMnist(dir: string): Promise<string> {
  await Deno.mkdir(dir);
  const train = syntheticSplit(10, 28, 28, 0);
  const test = syntheticSplit(2, 28, 28, 3);
  await Deno.writeFile(`${dir}/train-images-idx3-ubyte`, train.images);
  await Deno.writeFile(`${dir}/train-labels-idx1-ubyte`, train.labels);
  await Deno.writeFile(`${dir}/t10k-images-idx3-ubyte`, test.images);
  await Deno.writeFile(`${dir}/t10k-labels-idx1-ubyte`, test.labels);
  return dir;
}

/** A copy of a tiny MNIST directory with one file replaced (or, for `undefined`, made a directory). */
async function brokenMnist(dir: string, file: string, bytes: Uint8Array | undefined) {
  await tinyMnist(dir);
  await Deno.remove(`${dir}/${file}`);
  if (bytes) await Deno.writeFile(`${dir}/${file}`, bytes);
  else await Deno.mkdir(`${dir}/${file}`);
  return dir;
}

/** A 784-2-10 column-layout model file of zeros. */
function model(): {
  layers: { W: (number | string)[][]; b: (number | string)[][] }[];
  [field: string]: unknown;
} {
  const zeros = (rows: number, cols: number) =>
    Array.from({ length: rows }, () => new Array<number | string>(cols).fill(0));
  return {
    format: "nn-oracle-mlp",
    version: 1,
    layout: "column",
    dtype: "float64",
    sizes: [784, 2, 10],
    activations: ["relu", "softmax"],
    cost: "cross-entropy",
    layers: [{ W: zeros(2, 784), b: zeros(2, 1) }, { W: zeros(10, 2), b: zeros(10, 1) }],
  };
}

Deno.test("train CLI: hostile input is one line, exit code 2, and writes nothing", async (t) => {
  const tmp = await Deno.makeTempDir();
  try {
    const data = await tinyMnist(`${tmp}/mnist`);
    const tiny = ["--data", data, "--layers", "784,2,10", "--epochs", "1", "--quiet"];
    const usage = (args: string[], message: RegExp) => async () =>
      assertOneLine(await cli("train", args), "train", 2, message);

    await t.step("numbers", async (t) => {
      const cases: [string[], RegExp][] = [
        [["--lr", "abc"], /^train: --lr must be a positive number, got "abc"$/],
        [["--lr", "0x10"], /^train: --lr must be a positive number, got "0x10"$/],
        [["--lr=NaN"], /^train: --lr must be a positive number, got "NaN"$/],
        [["--epochs=-1"], /^train: --epochs must be a whole number ≥ 0, got "-1"$/],
        [["--epochs", "-1"], /^train: Option '--epochs' argument is ambiguous: write --epochs=/],
        [["--batch", "0"], /^train: --batch must be a whole number ≥ 1, got "0"$/],
        [["--batch", " 5"], /^train: --batch must be a whole number ≥ 1, got " 5"$/],
        [["--seed", "1e400"], /^train: --seed must be a whole number ≥ 0, got "1e400"$/],
        [["--momentum", ""], /^train: --momentum must be a number in \[0, 1\), got ""$/],
        [["--layers", "784,0x4,10"], /^train: --layers: The width "0x4" is not a whole number/],
        [["--lr"], /^train: Option '--lr <value>' argument missing \(see --help\)$/],
      ];
      for (const [args, message] of cases) await t.step(args.join(" "), usage(args, message));
    });

    await t.step("paths that are empty", async (t) => {
      for (const flag of ["--data", "--load", "--save", "--report"]) {
        await t.step(flag, usage([flag, ""], new RegExp(`^train: ${flag} needs a path, got ""$`)));
      }
    });

    await t.step("--data", async (t) => {
      const images = syntheticSplit(10, 28, 28).images;
      const cases: [string, () => Promise<string>, RegExp][] = [
        ["a missing directory", () => Promise.resolve(`${tmp}/nowhere`), /no such directory$/],
        [
          "a truncated IDX file",
          () => brokenMnist(`${tmp}/cut`, "train-images-idx3-ubyte", images.subarray(0, 100)),
          /^train: Cannot read IDX file .*cut\/train-images-idx3-ubyte: truncated data, shape 10×28×28 of u8 needs 7840 bytes of data but got 84$/,
        ],
        [
          "a garbage IDX file",
          () =>
            brokenMnist(
              `${tmp}/garbage`,
              "t10k-labels-idx1-ubyte",
              new TextEncoder().encode("hello\n"),
            ),
          /^train: Cannot read IDX file .*garbage\/t10k-labels-idx1-ubyte: wrong magic number 0x68656c6c/,
        ],
        [
          "an IDX file that is a directory",
          () => brokenMnist(`${tmp}/dir`, "train-labels-idx1-ubyte", undefined),
          /^train: Cannot read IDX file .*dir\/train-labels-idx1-ubyte: Is a directory$/,
        ],
        [
          "a training set of no images",
          async () => {
            await brokenMnist(
              `${tmp}/none`,
              "train-images-idx3-ubyte",
              idxBytes(8, [0, 28, 28], []),
            );
            await Deno.writeFile(`${tmp}/none/train-labels-idx1-ubyte`, idxBytes(8, [0], []));
            return `${tmp}/none`;
          },
          /^train: Cannot load images from .*none\/train-images-idx3-ubyte: the file holds no images$/,
        ],
        [
          "a file instead of a directory",
          async () => {
            await Deno.writeTextFile(`${tmp}/file`, "x");
            return `${tmp}/file`;
          },
          /^train: Cannot load MNIST from .*\/file: no such directory$/,
        ],
      ];
      for (const [name, make, message] of cases) {
        await t.step(name, async () => {
          const r = await cli("train", ["--data", await make(), "--layers", "784,2,10"]);
          assertOneLine(r, "train", 2, message);
        });
      }
    });

    await t.step("--load", async (t) => {
      const write = async (name: string, m: unknown) => {
        const path = `${tmp}/${name}`;
        await Deno.writeTextFile(path, typeof m === "string" ? m : JSON.stringify(m));
        return path;
      };
      const nan = model();
      nan.layers[1].W[3][1] = "NaN";
      const layout = { ...model(), layout: "diagonal" };
      const few = model();
      few.sizes = [784, 2, 5];
      few.layers[1] = { W: few.layers[1].W.slice(0, 5), b: few.layers[1].b.slice(0, 5) };
      const cases: [string, string, RegExp][] = [
        ["a missing file", `${tmp}/none.json`, /^train: --load .*none\.json: no such file$/],
        ["a directory", data, /^train: --load .*mnist: is a directory, not a model file$/],
        [
          "invalid JSON",
          await write("cut.json", '{"format": "nn-oracle-mlp", "layers": ['),
          /^train: .*cut\.json: not valid JSON \(Unexpected end of JSON input\)$/,
        ],
        [
          "a wrong field",
          await write("layout.json", layout),
          /^train: .*layout\.json: field "layout" must be one of "column", "row", got "diagonal"$/,
        ],
        [
          "NaN weights",
          await write("nan.json", nan),
          /^train: --load .*nan\.json: field "layers\[1\]\.W\[3\]\[1\]" is NaN; a model to train or score needs finite weights$/,
        ],
        [
          "a model of the wrong sizes",
          await write("few.json", few),
          /^train: Model 784-2-5 has 5 outputs but the labels go up to 9$/,
        ],
      ];
      for (const [name, path, message] of cases) {
        await t.step(name, usage(["--load", path, "--data", data, "--epochs", "0"], message));
      }
    });

    await t.step("--save and --report before any training", async (t) => {
      const out = `${tmp}/out`;
      await Deno.mkdir(out);
      await Deno.mkdir(`${out}/taken`);
      const long = `${out}/${"x".repeat(300)}.json`;
      const cases: [string, string[], RegExp][] = [
        [
          "into a missing directory",
          ["--save", `${out}/no/m.json`],
          /^train: --save .*out\/no\/m\.json: directory .*out\/no does not exist$/,
        ],
        [
          "onto a directory",
          ["--save", `${out}/taken`],
          /^train: --save .*out\/taken: is a directory; name a file$/,
        ],
        [
          "a name the file system refuses",
          ["--report", long],
          /^train: --report .*x\.json: cannot write a file of that name \(File name too long\)$/,
        ],
        [
          "the same file twice",
          ["--save", `${out}/a`, "--report", `${out}/a`],
          /^train: --save .*out\/a and --report .*out\/a are the same file \(.*out\/a\): one output would overwrite the other; give --report another path$/,
        ],
      ];
      for (const [name, args, message] of cases) {
        await t.step(name, async () => {
          assertOneLine(await cli("train", [...tiny, ...args]), "train", 2, message);
          assert.deepStrictEqual(await entries(out), ["taken"]);
        });
      }
      await t.step("into a read-only location", async () => {
        const r = await cli("train", [...tiny, "--save", `${out}/m.json`], {
          permissions: ["--allow-read", `--allow-write=${tmp}/elsewhere`],
        });
        assertOneLine(
          r,
          "train",
          2,
          /^train: --save .*out\/m\.json: cannot write in .*out \(Requires write access to/,
        );
        assert.deepStrictEqual(await entries(out), ["taken"]);
      });
    });
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("check CLI: hostile input is one line, exit code 2, and writes nothing", async (t) => {
  const tmp = await Deno.makeTempDir();
  try {
    const usage = (args: string[], message: RegExp) => async () =>
      assertOneLine(await cli("check", args), "check", 2, message);

    await t.step("flags", async (t) => {
      const cases: [string[], RegExp][] = [
        [
          ["--impl", "x", "--timeout", "1e12"],
          /^check: --timeout: expected at most 2147483 seconds/,
        ],
        [["--impl", "x", "--timeout", "0x10"], /^check: --timeout: expected a positive number/],
        [["--impl", "x", "--max-restarts", ""], /^check: --max-restarts: a value is required$/],
        [
          ["--impl", "x", "--max-line-bytes", "0"],
          /^check: --max-line-bytes: expected a whole number ≥ 1, got "0"$/,
        ],
        [["--impl", "x", "--report", ""], /^check: --report: a value is required$/],
        [["--impl", "x", "--filter"], /^check: --filter: a value is required$/],
        [["--impl", "x", "--bogus"], /^check: Unknown option '--bogus' \(see --help\)$/],
        [
          ["--impl", "x", "--filter", "op:no_such_op"],
          /^check: --filter "op:no_such_op" matches none of the \d+ cases in "fixtures"$/,
        ],
      ];
      for (const [args, message] of cases) await t.step(args.join(" "), usage(args, message));
    });

    await t.step("--impl of a program that does not speak the protocol", async (t) => {
      const cases: [string, string[], RegExp][] = [
        ["no such program", [], /^check: Cannot start "no-such-program-xyz": no such program$/],
        [
          "garbage",
          [],
          /^check: The first line is not a JSON hello: "garbage, not a hello"$/,
        ],
        [
          "a crash",
          [],
          /^check: The program exited with code 3 before writing its hello; its stderr ends with: "boom"$/,
        ],
        [
          "a hang",
          ["--hello-timeout", "0.5"],
          /^check: The program wrote no hello line within 0\.5 s$/,
        ],
      ];
      const programs: Record<string, string> = {
        "no such program": "no-such-program-xyz",
        garbage: `sh -c 'echo "garbage, not a hello"; cat >/dev/null'`,
        "a crash": `sh -c 'echo boom >&2; exit 3'`,
        "a hang": `sh -c 'sleep 30'`,
      };
      for (const [name, extra, message] of cases) {
        await t.step(name, usage(["--impl", programs[name], ...extra], message));
      }
    });

    await t.step("--results", async (t) => {
      const write = async (name: string, text: string) => {
        await Deno.writeTextFile(`${tmp}/${name}`, text);
        return `${tmp}/${name}`;
      };
      const doc = (results: unknown) => JSON.stringify({ format: "nn-oracle-results/1", results });
      const answer = '{"id":"relu/zero","outputs":{"a":[[0]]}}';
      const cases: [string, string, RegExp][] = [
        [
          "missing",
          `${tmp}/none.json`,
          /^check: Cannot read ".*none\.json": No such file or directory$/,
        ],
        ["empty", await write("empty.json", "\n"), /empty\.json: the file is empty;/],
        [
          "malformed JSON",
          await write("cut.json", doc({ "relu/zero": { a: [[0]] } }).slice(0, 40)),
          /^check: .*cut\.json: not valid JSON: /,
        ],
        [
          "a bare NaN",
          await write("nan.json", doc({}).replace("{}", '{"relu/zero": {"a": [[NaN]]}}')),
          /^check: .*nan\.json: not valid JSON: it holds a bare NaN or Infinity; write the strings "NaN"/,
        ],
        [
          "a malformed line",
          await write("lines.jsonl", `${answer}\nthis is garbage\n`),
          /^check: .*lines\.jsonl:2: Response is not JSON: "this is garbage"$/,
        ],
        [
          "a bad hello line",
          await write("hello.jsonl", `{"type":"hello","protocol":1}\n${answer}\n`),
          /^check: .*hello\.jsonl:1: hello\.ops: expected an array of strings$/,
        ],
        [
          "an id twice",
          await write("twice.jsonl", `${answer}\n${answer}\n`),
          /^check: .*twice\.jsonl:2: a second result for case "relu\/zero" \(the first is on line 1\)$/,
        ],
        [
          "the wrong format",
          await write("format.json", JSON.stringify({ format: "x", results: {} })),
          /^check: .*format\.json: expected \{"format": "nn-oracle-results\/1"/,
        ],
      ];
      for (const [name, path, message] of cases) {
        await t.step(name, usage(["--results", path, "--filter", "relu/zero"], message));
      }
      await t.step("wrong ids, shapes and NaN fail their cases by name", async () => {
        const path = await write(
          "wrong.json",
          doc({
            "no/such-case": { a: [[0]] },
            "relu/zero": { a: [[0, 0]] },
            "relu/negative-zero": { a: [["NaN"]] },
          }),
        );
        const r = await cli("check", ["--results", path, "--filter", "relu/*zero"]);
        assert.strictEqual(r.code, 1, r.stderr);
        assert.strictEqual(r.stderr, "");
        assert.match(
          r.stdout,
          /\nFAIL {2}relu\/zero \[relu\]: a: shape mismatch, got 1×2, expected 1×1\n/,
        );
        assert.match(
          r.stdout,
          /\nFAIL {2}relu\/negative-zero \[relu\]: a out of tolerance\n {2}worst: a\[0,0\]: expected 0, got NaN/,
        );
        assert.match(
          r.stdout,
          /note: 1 result\(s\) for ids that are no fixture case: no\/such-case/,
        );
      });
    });

    await t.step("--expectations", async (t) => {
      const results = `${tmp}/ok.jsonl`;
      await Deno.writeTextFile(results, '{"id":"relu/zero","outputs":{"a":[[0]]}}\n');
      const cases: [string, string, RegExp][] = [
        [
          "malformed",
          '{"format": "nn-oracle-expectations/1", "failures": {',
          /bad\.json: not valid JSON: /,
        ],
        [
          "a wrong format",
          '{"format": "x"}',
          /bad\.json: format: expected "nn-oracle-expectations\/1"$/,
        ],
        [
          "a missing reason",
          '{"format": "nn-oracle-expectations/1", "failures": {"relu/zero": ""}}',
          /bad\.json: failures\["relu\/zero"\]: a reason is required$/,
        ],
      ];
      for (const [name, text, message] of cases) {
        await t.step(name, async () => {
          await Deno.writeTextFile(`${tmp}/bad.json`, text);
          const args = ["--results", results, "--filter", "relu/zero"];
          await usage([...args, "--expectations", `${tmp}/bad.json`], message)();
        });
      }
    });

    await t.step("outputs are checked before any case runs", async (t) => {
      const out = `${tmp}/out`;
      await Deno.mkdir(out);
      await Deno.writeTextFile(`${out}/file`, "");
      const run = ["--impl", "no-such-program-xyz"];
      const cases: [string, string[], RegExp][] = [
        [
          "--report into a missing directory",
          [...run, "--report", `${out}/no/r.txt`],
          /^check: --report .*out\/no\/r\.txt: directory .*out\/no does not exist$/,
        ],
        [
          "--output onto a directory",
          [...run, "--output", out],
          /^check: --report .*out: is a directory; name a file$/,
        ],
        [
          "--repro-dir under a file",
          [...run, "--repro-dir", `${out}/file/repros`],
          /^check: --repro-dir .*out\/file\/repros: cannot write in .*out\/file\/repros \(Not a directory\)$/,
        ],
        [
          "--emit-requests with a filter that matches nothing",
          ["--emit-requests", `${out}/requests.jsonl`, "--filter", "op:no_such_op"],
          /^check: --filter "op:no_such_op" matches none of the \d+ cases/,
        ],
      ];
      for (const [name, args, message] of cases) {
        await t.step(name, async () => {
          await usage(args, message)();
          assert.deepStrictEqual(await entries(out), ["file"]);
        });
      }
      await t.step("--report in a read-only location", async () => {
        const r = await cli("check", [...run, "--report", `${out}/r.txt`], {
          permissions: ["--allow-read", "--allow-run", `--allow-write=${tmp}/elsewhere`],
        });
        assertOneLine(
          r,
          "check",
          2,
          /^check: --report .*out\/r\.txt: cannot write in .*out \(Requires write access/,
        );
        assert.deepStrictEqual(await entries(out), ["file"]);
      });
    });

    await t.step("an invalid fixture case fails the run, naming file and case", async () => {
      await Deno.mkdir(`${tmp}/invalid`);
      const doc = JSON.parse(await Deno.readTextFile(`${ROOT}fixtures/activations.json`));
      doc.cases[1].expected = JSON.parse(
        JSON.stringify(doc.cases[1].expected).replace(/-?\d+(\.\d+)?(e[-+]?\d+)?/, '"nan"'),
      );
      await Deno.writeTextFile(`${tmp}/invalid/activations.json`, JSON.stringify(doc));
      await usage(
        ["--impl", "x", "--fixtures", `${tmp}/invalid`],
        new RegExp(
          `^check: invalid fixture case: .*invalid/activations\\.json: case "${doc.cases[1].id}": `,
        ),
      )();
    });

    await t.step("a corrupted fixture file", async () => {
      await Deno.mkdir(`${tmp}/fixtures`);
      const text = await Deno.readTextFile(`${ROOT}fixtures/activations.json`);
      await Deno.writeTextFile(`${tmp}/fixtures/activations.json`, text.slice(0, 5000));
      await usage(
        ["--impl", "x", "--fixtures", `${tmp}/fixtures`],
        /^check: .*fixtures\/activations\.json: not valid JSON: /,
      )();
    });
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("fixtures CLI: a broken checkout is one line naming the file", async (t) => {
  const tmp = await Deno.makeTempDir();
  try {
    for (const dir of ["cmd", "src", "fixtures"]) {
      await new Deno.Command("cp", { args: ["-r", `${ROOT}${dir}`, tmp] }).output();
    }
    const original = await Deno.readTextFile(`${tmp}/fixtures/costs.json`);
    await t.step("a corrupted fixture is out of date, then rewritten whole", async () => {
      await Deno.writeTextFile(`${tmp}/fixtures/costs.json`, original.slice(0, 1000));
      const stale = await cli("fixtures", ["--check"], { cwd: tmp });
      assertOneLine(
        stale,
        "fixtures",
        1,
        /^fixtures: fixtures\/costs\.json is out of date; run deno task fixtures$/,
      );
      const r = await cli("fixtures", [], { cwd: tmp });
      assert.strictEqual(r.code, 0, r.stderr);
      assert.match(r.stdout, /, 1 rewritten\n$/);
      assert.strictEqual(await Deno.readTextFile(`${tmp}/fixtures/costs.json`), original);
    });
    await t.step("a missing SCHEMA.md", async () => {
      await Deno.remove(`${tmp}/fixtures/SCHEMA.md`);
      assertOneLine(
        await cli("fixtures", [], { cwd: tmp }),
        "fixtures",
        1,
        /^fixtures: cannot read fixtures\/SCHEMA\.md: No such file or directory$/,
      );
    });
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("audit and bench CLIs: bad flags are one line and exit code 2", async (t) => {
  const cases: [string, string[], RegExp][] = [
    ["audit", ["--bogus"], /^audit: Unknown option '--bogus' \(see --help\)$/],
    ["audit", ["--json", "--markdown"], /^audit: give one output format, not json and markdown /],
    ["audit", ["--json=1"], /^audit: Option '--json' does not take an argument \(see --help\)$/],
    ["audit", ["--format", "html"], /^audit: --format html: expected one of text, json, markdown$/],
    ["bench", ["--bogus"], /^bench: Unknown option '--bogus' \(see --help\)$/],
    [
      "bench",
      ["--samples", "-5"],
      /^bench: Option '--samples' argument is ambiguous: write --samples=/,
    ],
    ["bench", ["--samples", "1,2"], /^bench: --samples takes one whole number, got "1,2"$/],
    ["bench", ["--batch", "32,,64"], /^bench: --batch takes whole numbers ≥ 1, got ""$/],
    [
      "bench",
      ["--backend", "gpu"],
      /^bench: --backend takes reference, js, wasm, native, got "gpu"$/,
    ],
    [
      "bench",
      ["--hidden", "5"],
      /^bench: --hidden goes with --model 784-h-10, not with "784-128-64-10"$/,
    ],
    [
      "bench",
      ["--model", "784-h-10", "--hidden", "x"],
      /^bench: --hidden takes whole numbers ≥ 1, got "x"$/,
    ],
    ["bench", ["--model", "784-7"], /^bench: --model: Unknown model "784-7"/],
  ];
  for (const [name, args, message] of cases) {
    await t.step(`${name} ${args.join(" ")}`, async () => {
      assertOneLine(await cli(name, args), name, 2, message);
    });
  }
  for (const name of ["audit", "bench"]) {
    await t.step(`${name} --help`, async () => {
      const r = await cli(name, ["--help"]);
      assert.strictEqual(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`^usage: deno task ${name}`, "i"));
    });
  }
});
