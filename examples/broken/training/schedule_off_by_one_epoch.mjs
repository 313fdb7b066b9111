// Deliberately broken training client: it computes η from the schedule itself, counting epochs from 1.
// Oracle name: "schedule-off-by-one-epoch".
import { serve } from "../../node/nn.mjs";

serve({
  name: "broken training: learning-rate schedule off by one epoch",
  training: {
    rate: (session, request) => {
      const { kind, lr, every, factor } = session.schedule;
      const epoch = request.epoch + 1; // the mistake: epochs counted from 1
      const step = request.step + session.stepsPerEpoch;
      const total = session.stepsPerEpoch * session.epochs;
      if (kind === "cosine") return lr * 0.5 * (1 + Math.cos(Math.PI * step / total));
      if (kind === "step") return lr * factor ** Math.floor(epoch / every);
      return lr;
    },
  },
});
