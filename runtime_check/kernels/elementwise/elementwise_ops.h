// The registration functions of the elementwise kernel files; RegisterElementwiseKernels calls
// them all. Each file holds one family of operators.
#ifndef TFCONV_RUNTIME_CHECK_KERNELS_ELEMENTWISE_ELEMENTWISE_OPS_H_
#define TFCONV_RUNTIME_CHECK_KERNELS_ELEMENTWISE_ELEMENTWISE_OPS_H_

#include "runtime_check/interpreter/kernel.h"

namespace tfconv {
namespace elementwise {

void RegisterAddSub(KernelRegistry& registry);      // ADD, SUB
void RegisterMul(KernelRegistry& registry);         // MUL
void RegisterDivision(KernelRegistry& registry);    // DIV, FLOOR_DIV, FLOOR_MOD
void RegisterBinaryMath(KernelRegistry& registry);  // POW, SQUARED_DIFFERENCE, MAXIMUM, MINIMUM
void RegisterComparison(KernelRegistry& registry);  // EQUAL, NOT_EQUAL, LESS, LESS_EQUAL, GREATER, GREATER_EQUAL
void RegisterLogical(KernelRegistry& registry);     // LOGICAL_AND, LOGICAL_OR, LOGICAL_NOT
void RegisterSelect(KernelRegistry& registry);      // SELECT, SELECT_V2
void RegisterUnaryMath(KernelRegistry& registry);   // ABS NEG EXP LOG SQRT RSQRT SIN COS FLOOR CEIL ROUND SQUARE SIGN
void RegisterCast(KernelRegistry& registry);        // CAST
void RegisterFill(KernelRegistry& registry);        // ZEROS_LIKE, FILL
void RegisterBitwise(KernelRegistry& registry);     // BITWISE_XOR, RIGHT_SHIFT
void RegisterBucketize(KernelRegistry& registry);   // BUCKETIZE

}  // namespace elementwise
}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_KERNELS_ELEMENTWISE_ELEMENTWISE_OPS_H_
