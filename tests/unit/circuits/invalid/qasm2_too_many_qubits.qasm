OPENQASM 2.0;
include "qelib1.inc";
qreg q[3000];
// qreg ignored[9999999];
qreg r[3000];
