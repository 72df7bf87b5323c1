OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
  rz(0.1, 0.2) q[1];
