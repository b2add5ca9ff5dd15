export { HashedFeatures, MAX_FEATURES, mix, type FeatureContext, type FeatureOptions, type SparseVector } from "./features.js";
export { checkModelFile, packFloat32, packInt8, readModelJson, softmax, SoftmaxModel, unpackFloat32, unpackInt8, type ModelKind, type PackedWeights, type QuantisedWeights } from "./model.js";
export { fitSoftmaxRegression, trainSoftmaxRegression, type LabelledText, type SoftmaxTrainOptions, type SoftmaxWeights, type TrainingExample, type TrainingParameters, type TrainRun } from "./train.js";
export { fitTemperature, negativeLogLikelihood } from "./calibration.js";
export { prng, shuffle } from "./random.js";
export { readJsonl, SPLIT_FILES, stratifiedSplit, toJsonl, writeJsonl, type SplitName } from "./dataset.js";
export {
  accuracy,
  classificationReport,
  confusionMatrix,
  expectedCalibrationError,
  formatLabelTable,
  macroF1,
  percent,
  perLabelMetrics,
  type ClassificationReport,
  type LabelMetrics,
  type Scored,
} from "./metrics.js";
export { attempt, errorMessage, parseCommandArgs, type CommandIO } from "./cli.js";
