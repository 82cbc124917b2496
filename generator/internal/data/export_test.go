package data

// Test-only access for the fuzz target of the external test package.

// DecodeRounds decodes the contents of a rounds.yaml.
func DecodeRounds(path string, src []byte) ([]Round, Problems) {
	var rf roundsFile
	probs := decodeBytes(path, src, &rf)
	return rf.Rounds, probs
}
