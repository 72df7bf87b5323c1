OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
bit[2] c;
c[2] = measure q[0];
