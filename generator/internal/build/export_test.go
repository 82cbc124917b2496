package build

// InputsRecord is inputsRecord, for the tests of package build_test.
const InputsRecord = inputsRecord
