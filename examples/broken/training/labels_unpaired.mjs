// Deliberately broken training client: the labels were shuffled on their own, apart from the images.
// Oracle name: "labels-unpaired".
import { serve } from "../../node/nn.mjs";

serve({
  name: "broken training: labels shuffled separately from images",
  training: {
    begin: (session) => {
      // a second, independent shuffle of the labels (a fixed LCG, so the run is repeatable)
      const n = session.trainLabels.length;
      const order = Array.from({ length: n }, (_, i) => i);
      let s = 12345;
      for (let i = n - 1; i > 0; i--) {
        s = (Math.imul(s, 1103515245) + 12345) >>> 0;
        const j = s % (i + 1);
        [order[i], order[j]] = [order[j], order[i]];
      }
      session.labelOrder = order;
    },
    labelOf: (session, k) => session.trainLabels[session.labelOrder[k]],
  },
});
