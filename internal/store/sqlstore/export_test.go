package sqlstore

// AssignmentQuery exposes assignmentQuery to the query-plan tests.
var AssignmentQuery = assignmentQuery
