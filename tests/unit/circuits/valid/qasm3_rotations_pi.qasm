OPENQASM 3.0;
include "stdgates.inc";
qubit q;
bit c;
rx(pi / 2) q;
rz(-pi/4 + 0.1) q;
ry(2 * π / 3) q;
c = measure q;
