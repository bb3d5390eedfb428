// XOR, the classic problem a linear model cannot solve: a 2-8-1 tanh MLP learns it from the four
// points with a logit output and bceWithLogits. `EPOCHS=…` shortens the run.
import { tensor } from '@adamant/tensor';
import { mlp } from '@adamant/nn';
import { Trainer } from '@adamant/train';

const x = tensor([
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
]);
const y = tensor([[0], [1], [1], [0]]);

const model = mlp([2, 8, 1], { activation: 'tanh', seed: 1 });
const trainer = new Trainer({
  model,
  loss: 'bce-with-logits',
  optimizer: { name: 'adam', lr: 0.05 },
  metrics: ['accuracy'],
});
const history = await trainer.fit({ x, y }, { epochs: Number(process.env.EPOCHS ?? 300), batchSize: 4, verbose: 0 });

const probs = trainer.predict(x).sigmoid().data;
for (let i = 0; i < 4; i++) console.log(`${x.data[2 * i]} xor ${x.data[2 * i + 1]} -> ${probs[i].toFixed(3)}`);
console.log(`final loss ${history.last!.loss.toFixed(5)}, accuracy ${history.last!.accuracy}`);
