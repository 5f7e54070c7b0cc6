package demo

// Built-in name lists: British-plausible names reflecting the diversity of
// the NHS medical workforce. Made up in combination; any resemblance to a
// real doctor is coincidence.

var givenNames = []string{
	"Oliver", "George", "Harry", "Jack", "Jacob", "Noah", "Charlie", "Thomas", "Oscar", "William",
	"James", "Henry", "Leo", "Alfie", "Joshua", "Freddie", "Archie", "Ethan", "Isaac", "Alexander",
	"Daniel", "Samuel", "Benjamin", "Matthew", "Edward", "Joseph", "Lucas", "Max", "Adam", "Ryan",
	"Olivia", "Amelia", "Isla", "Ava", "Emily", "Sophie", "Grace", "Mia", "Poppy", "Ella",
	"Lily", "Evie", "Isabella", "Charlotte", "Jessica", "Daisy", "Freya", "Alice", "Florence", "Hannah",
	"Eleanor", "Ruby", "Lucy", "Katie", "Rebecca", "Laura", "Sarah", "Rachel", "Hollie", "Megan",
	"Priya", "Aisha", "Fatima", "Zara", "Anjali", "Neha", "Sana", "Ayesha", "Maryam", "Deepa",
	"Rohan", "Arjun", "Vikram", "Sanjay", "Imran", "Omar", "Hassan", "Ali", "Kiran", "Rahul",
	"Chidi", "Tunde", "Kwame", "Adaeze", "Ngozi", "Folake", "Kofi", "Amara", "Yaw", "Efua",
	"Siobhan", "Niamh", "Ciaran", "Aoife", "Rhys", "Cerys", "Gethin", "Eilidh", "Callum", "Fraser",
	"Mei", "Wei", "Jun", "Hui", "Andrzej", "Katarzyna", "Mateusz", "Elena", "Dimitri", "Sofia",
}

var familyNames = []string{
	"Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright",
	"Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke",
	"Patel", "Khan", "Lewis", "Harris", "Martin", "Cooper", "Hill", "Ward", "Hughes", "Moore",
	"Clark", "King", "Harrison", "Morgan", "Baker", "Allen", "Turner", "Scott", "Carter", "Phillips",
	"Mitchell", "Parker", "Edwards", "Bennett", "Collins", "Stewart", "Morris", "Murphy", "Cook", "Rogers",
	"Shah", "Singh", "Ahmed", "Hussain", "Ali", "Begum", "Rahman", "Chowdhury", "Sharma", "Gupta",
	"Kaur", "Mistry", "Desai", "Iyer", "Nair", "Reddy", "Malik", "Qureshi", "Siddiqui", "Bhatt",
	"Okafor", "Adeyemi", "Mensah", "Owusu", "Okonkwo", "Adebayo", "Boateng", "Nwosu", "Asante", "Eze",
	"O'Brien", "O'Connor", "Kelly", "Byrne", "McCarthy", "MacDonald", "Campbell", "Fraser", "Reid", "Ross",
	"Llewellyn", "Pritchard", "Price", "Powell", "Chen", "Wong", "Li", "Zhang", "Kowalski", "Nowak",
	"Papadopoulos", "Rossi", "Fernandes", "da Silva", "Ibrahim", "Haddad", "Yusuf", "Abdi", "Farah", "Ellis",
}
