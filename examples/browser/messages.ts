// What the page and the training worker say to each other. `run` numbers each training run, so a message
// from a run the user has since stopped or replaced is recognised and dropped.

/** Settings of one training run. */
export interface RunSettings {
  optimizer: string;
  lr: number;
  epochs: number;
  batchSize: number;
  seed: number;
}

export type ToWorker =
  | { type: 'start'; run: number; settings: RunSettings }
  | { type: 'stop' }
  | { type: 'predict'; id: number; pixels: Float32Array };

export type FromWorker =
  | { type: 'ready'; optimizers: Array<{ name: string; lr: number }>; train: number; test: number }
  | { type: 'step'; run: number; step: number; epoch: number; loss: number }
  | {
      type: 'epoch';
      run: number;
      epoch: number;
      loss: number;
      accuracy: number;
      valLoss: number;
      valAccuracy: number;
      seconds: number;
    }
  | { type: 'done'; run: number }
  | { type: 'prediction'; id: number; probs: number[] | null }
  | { type: 'error'; run: number; message: string };
