OPENQASM 3.0;
include "stdgates.inc";
qubit[10] q;
qubit[4991] r;
