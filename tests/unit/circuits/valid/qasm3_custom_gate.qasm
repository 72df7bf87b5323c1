OPENQASM 3.0;
include "stdgates.inc";
gate bell a, b {
  h a;
  cx a, b;
}
gate twist(theta) a {
  rz(theta) a;
  sx a;
}
qubit[3] q;
bit[3] c;
bell q[0], q[1];
twist(0.5) q[2];
c = measure q;
