// An op-level client that does not announce the training session.
import { serve } from "../../../../examples/node/nn.mjs";
import process from "node:process";

const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (text) => write(text.replace(',"training":1', ""));
serve({ name: "no training" });
