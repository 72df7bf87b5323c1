// qelib1.inc gates, custom definitions and a classical condition.
OPENQASM 2.0;
include "qelib1.inc";
gate majority a,b,c {
  cx c,b;
  cx c,a;
  ccx a,b,c;
}
qreg q[3];
creg c[3];
u3(pi/2,0,pi) q[0];
cu1(pi/4) q[0],q[1];
majority q[0],q[1],q[2];
measure q[0] -> c[0];
if(c==1) x q[1];
measure q[1] -> c[1];
