// CopyPassThroughOutputs: a subgraph output that is also one of its inputs (a Keras model ending
// in Activation("linear"), a graph whose output is its placeholder) gets its own tensor, written by a
// RESHAPE to the same shape. Runtimes that give inputs and outputs separate buffers (LiteRT.js) would
// otherwise return an output nothing wrote. Run it last, after OptimizeModel (which removes identity
// RESHAPEs).
//
//   int copies = CopyPassThroughOutputs(model);   // 1 for y = x; the output keeps its name and keys
#ifndef TFCONV_CONVERTER_OPTIMIZE_COPY_PASS_THROUGH_H_
#define TFCONV_CONVERTER_OPTIMIZE_COPY_PASS_THROUGH_H_

#include "converter/tflite/model_ir.h"

namespace tfconv {

// Returns the number of copies inserted.
int CopyPassThroughOutputs(TflModel& model);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_OPTIMIZE_COPY_PASS_THROUGH_H_
