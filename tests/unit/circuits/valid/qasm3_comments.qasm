// A Bell pair, written with every kind of comment.
/* The header may follow comments
   that span lines. */
OPENQASM 3.0;
include "stdgates.inc"; // the standard gates
qubit[2] q;
bit[2] c;
h q[0]; /* superpose */ cx q[0], q[1];
c = measure q;
