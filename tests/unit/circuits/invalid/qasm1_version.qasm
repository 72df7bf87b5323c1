OPENQASM 1.0;
qreg q[1];
