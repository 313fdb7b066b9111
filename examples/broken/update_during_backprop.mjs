// Deliberately broken client: sgd_step updates each layer as soon as its gradient is known, so the δ of
// the layer below is computed with the new weights. Oracle name: "update-during-backprop".
import { forward, ops, parseCost, primitives, serve } from "../node/nn.mjs";

ops.sgd_step = ({ network, x, y, cost, lr }) => {
  const pass = forward(network, x);
  const L = network.layers.length;
  const layers = network.layers.map((layer) => ({ ...layer }));
  let delta = primitives.outputDelta(pass[L - 1], y, layers[L - 1].activation, parseCost(cost));
  for (let l = L - 1; l >= 0; l--) {
    const aPrev = l === 0 ? x : pass[l - 1].a;
    const dW = primitives.weightGradient(delta, aPrev);
    const db = primitives.biasGradient(delta);
    layers[l].W = primitives.step(layers[l].W, dW, lr); // updated before δ below reads it
    layers[l].b = primitives.stepBias(layers[l].b, db, lr);
    if (l > 0) {
      const { z, a } = pass[l - 1];
      const fPrime = primitives.backpropDerivative(layers[l - 1].activation, z, a);
      delta = primitives.hiddenDelta(layers[l].W, delta, fPrime);
    }
  }
  return { network: { layers } };
};
serve({ name: "broken: update while back-propagating" });
