OPENQASM 3.0;
include "stdgates.inc";
// A three-qubit QFT on |1>, then measured.
qubit[3] q;
bit[3] c;
x q[0];
h q[2];
cp(pi/2) q[1], q[2];
cp(pi/4) q[0], q[2];
h q[1];
cp(pi/2) q[0], q[1];
h q[0];
swap q[0], q[2];
c = measure q;
